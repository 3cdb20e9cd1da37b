variable "region" {
  type        = string
  description = "AWS region to deploy into"
}

variable "enabled" {
  type        = bool
  description = "Set to false to create no resources"
  default     = true
}

variable "namespace" {
  type        = string
  description = "Organization short name, e.g. `acme`"
}

variable "tenant" {
  type        = string
  description = "Tenant (organizational unit), e.g. `core` or `plat`"
}

variable "environment" {
  type        = string
  description = "Short region code, e.g. `ue2` for us-east-2"
}

variable "stage" {
  type        = string
  description = "Stage (account role), e.g. `dev`, `staging`, `prod`"
}

variable "name" {
  type        = string
  description = "Name of this component instance, appended to the resource name prefix"
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource"
  default     = {}
}

variable "engine" {
  type        = string
  description = "Database engine, e.g. `postgres`"
  default     = "postgres"
}

variable "engine_version" {
  type        = string
  description = "Engine version, e.g. `16.4`"
}

variable "parameter_group_family" {
  type        = string
  description = "DB parameter group family matching the engine version, e.g. `postgres16`"
}

variable "instance_class" {
  type        = string
  description = "Instance class, e.g. `db.t4g.medium`"
}

variable "allocated_storage" {
  type        = number
  description = "Initial storage in GiB"
  default     = 20
}

variable "max_allocated_storage" {
  type        = number
  description = "Upper limit in GiB for storage autoscaling; 0 disables autoscaling"
  default     = 0
}

variable "database_name" {
  type        = string
  description = "Name of the database created on the instance"
}

variable "database_user" {
  type        = string
  description = "Master user name; the password is generated and kept in Secrets Manager by RDS"
}

variable "database_port" {
  type        = number
  description = "Port the database listens on"
  default     = 5432
}

variable "multi_az" {
  type        = bool
  description = "Run a synchronous standby in a second availability zone"
  default     = false
}

variable "storage_encrypted" {
  type        = bool
  description = "Encrypt storage at rest"
  default     = true
}

variable "kms_key_alias" {
  type        = string
  description = "Alias of the KMS key used for storage encryption; null uses the AWS managed key"
  default     = null
}

variable "backup_retention_period" {
  type        = number
  description = "Days to keep automated backups"
  default     = 7
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to delete the instance while true"
  default     = false
}

variable "skip_final_snapshot" {
  type        = bool
  description = "Skip the final snapshot when the instance is deleted"
  default     = false
}

variable "performance_insights_enabled" {
  type        = bool
  description = "Enable Performance Insights"
  default     = false
}

variable "vpc_component_name" {
  type        = string
  description = "Atmos component whose VPC and private subnets the database uses"
  default     = "vpc"
}
