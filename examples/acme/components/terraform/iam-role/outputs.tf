output "role_name" {
  description = "Name of the role"
  value       = one(aws_iam_role.this[*].name)
}

output "role_arn" {
  description = "ARN of the role"
  value       = one(aws_iam_role.this[*].arn)
}
