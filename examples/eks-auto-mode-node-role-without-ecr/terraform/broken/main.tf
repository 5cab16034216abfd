# S-AWS-02: Auto Mode node role with AmazonEKSWorkerNodeMinimalPolicy only (PF-AWS-001).
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.90"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.36"
    }
  }
}

provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}

variable "subnet_ids" {
  type    = list(string)
  default = ["subnet-0a1b2c3d4e5f60718", "subnet-0f9e8d7c6b5a40312"]
}

data "aws_iam_policy_document" "cluster_assume_role" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["eks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "cluster" {
  name               = "demo-cluster"
  assume_role_policy = data.aws_iam_policy_document.cluster_assume_role.json
}

resource "aws_eks_cluster" "main" {
  name     = "demo"
  role_arn = aws_iam_role.cluster.arn
  vpc_config {
    subnet_ids = var.subnet_ids
  }
}

data "aws_iam_policy_document" "auto_assume_role" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "auto" {
  name               = "demo-auto-node"
  assume_role_policy = data.aws_iam_policy_document.auto_assume_role.json
}

resource "aws_iam_role_policy_attachment" "auto" {
  for_each   = toset(["arn:aws:iam::aws:policy/AmazonEKSWorkerNodeMinimalPolicy"])
  policy_arn = each.value
  role       = aws_iam_role.auto.name
}

resource "aws_eks_cluster" "auto" {
  name                          = "auto"
  role_arn                      = aws_iam_role.cluster.arn
  bootstrap_self_managed_addons = false
  compute_config {
    enabled       = true
    node_pools    = ["general-purpose"]
    node_role_arn = aws_iam_role.auto.arn
  }
  kubernetes_network_config {
    elastic_load_balancing {
      enabled = true
    }
  }
  storage_config {
    block_storage {
      enabled = true
    }
  }
  vpc_config {
    subnet_ids = var.subnet_ids
  }
}
