output "eks_cluster_id" {
  description = "Name of the EKS cluster"
  value       = one(aws_eks_cluster.this[*].id)
}

output "eks_cluster_arn" {
  description = "ARN of the EKS cluster"
  value       = one(aws_eks_cluster.this[*].arn)
}

output "eks_cluster_endpoint" {
  description = "Endpoint of the Kubernetes API server"
  value       = one(aws_eks_cluster.this[*].endpoint)
}

output "eks_cluster_version" {
  description = "Kubernetes version of the control plane"
  value       = one(aws_eks_cluster.this[*].version)
}

output "eks_cluster_identity_oidc_issuer" {
  description = "OIDC issuer URL of the cluster, used for IRSA"
  value       = one(aws_eks_cluster.this[*].identity[0].oidc[0].issuer)
}

output "eks_node_group_role_arn" {
  description = "ARN of the IAM role used by the managed node groups"
  value       = one(aws_iam_role.node[*].arn)
}
