terraform {
  required_providers {
    aws        = { source = "hashicorp/aws" }
    kubernetes = { source = "hashicorp/kubernetes" }
  }
}

provider "aws" {
  region = "eu-west-1"
}

provider "kubernetes" {
  host = aws_eks_cluster.main.endpoint
}

resource "aws_iam_role" "cluster" {
  name = "eks-cluster"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "eks.amazonaws.com" } }]
  })
}

resource "aws_iam_role" "node" {
  name = "eks-node"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "node" {
  for_each = toset([
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
  ])
  role       = aws_iam_role.node.name
  policy_arn = each.value
}

resource "aws_eks_cluster" "main" {
  name     = "shop"
  role_arn = aws_iam_role.cluster.arn
  vpc_config {
    subnet_ids = ["subnet-0aaa1111bbbb22220", "subnet-0ccc3333dddd44440"]
  }
}

resource "aws_eks_node_group" "x86" {
  cluster_name    = aws_eks_cluster.main.name
  node_group_name = "x86"
  node_role_arn   = aws_iam_role.node.arn
  subnet_ids      = ["subnet-0aaa1111bbbb22220"]
  ami_type        = "AL2023_x86_64_STANDARD"
  instance_types  = ["m6i.large"]
  scaling_config {
    desired_size = 2
    max_size     = 3
    min_size     = 1
  }
}

resource "aws_eks_node_group" "graviton" {
  cluster_name    = aws_eks_cluster.main.name
  node_group_name = "graviton"
  node_role_arn   = aws_iam_role.node.arn
  subnet_ids      = ["subnet-0aaa1111bbbb22220"]
  ami_type        = "AL2023_ARM_64_STANDARD"
  instance_types  = ["m7g.large"]
  scaling_config {
    desired_size = 2
    max_size     = 3
    min_size     = 1
  }
}

resource "aws_ecr_repository" "app" {
  name = "shop/app"
}

resource "kubernetes_deployment_v1" "app" {
  metadata {
    name = "app"
  }
  spec {
    selector {
      match_labels = { app = "app" }
    }
    template {
      metadata {
        labels = { app = "app" }
      }
      spec {
        container {
          name  = "app"
          image = "${aws_ecr_repository.app.repository_url}:1.4.0"
        }
      }
    }
  }
}
