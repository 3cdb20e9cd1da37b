output "instance_id" {
  description = "Identifier of the DB instance"
  value       = one(aws_db_instance.this[*].identifier)
}

output "instance_endpoint" {
  description = "Connection endpoint, `host:port`"
  value       = one(aws_db_instance.this[*].endpoint)
}

output "instance_address" {
  description = "Host name of the DB instance"
  value       = one(aws_db_instance.this[*].address)
}

output "master_user_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the master credentials"
  value       = one(aws_db_instance.this[*].master_user_secret[0].secret_arn)
}

output "security_group_id" {
  description = "ID of the security group that guards the database"
  value       = one(aws_security_group.this[*].id)
}
