// @ts-nocheck -- a Pulumi program shown for reference, not built here: pullfix does not depend on the Pulumi provider SDKs it imports.
// S-AWS-01 (fixed): EKS managed node group and its node role, @pulumi/aws (classic).
// preview.json next to this file is what `pulumi preview --json` prints for it on a new stack (see ../README.md).
import * as aws from "@pulumi/aws";

const subnetIds = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"];

const clusterRole = new aws.iam.Role("cluster", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});
new aws.iam.RolePolicyAttachment("cluster-policy", {
    role: clusterRole.name,
    policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
});
const cluster = new aws.eks.Cluster("demo", { roleArn: clusterRole.arn, vpcConfig: { subnetIds } });

const nodeRole = new aws.iam.Role("node", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});
const attachments = [
    new aws.iam.RolePolicyAttachment("node-worker", { role: nodeRole.name, policyArn: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy" }),
    new aws.iam.RolePolicyAttachment("node-cni", { role: nodeRole.name, policyArn: "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy" }),
    // The fix: the kubelet pulls with the node role, which needs ECR pull permissions.
    new aws.iam.RolePolicyAttachment("node-ecr", { role: nodeRole.name, policyArn: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly" }),
];

new aws.eks.NodeGroup("default", {
    clusterName: cluster.name,
    nodeRoleArn: nodeRole.arn,
    subnetIds,
    instanceTypes: ["t3.medium"],
    scalingConfig: { desiredSize: 2, maxSize: 3, minSize: 1 },
}, { dependsOn: attachments });
