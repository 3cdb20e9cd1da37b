locals {
  enabled    = var.enabled
  identifier = join("-", [var.namespace, var.tenant, var.environment, var.stage, var.name])
}

data "aws_vpc" "this" {
  tags = {
    Name = join("-", [var.namespace, var.tenant, var.environment, var.stage, var.vpc_component_name])
  }
}

data "aws_subnets" "private" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.this.id]
  }

  tags = {
    "acme.io/subnet/type" = "private"
  }
}

data "aws_kms_key" "this" {
  count = local.enabled && var.storage_encrypted && var.kms_key_alias != null ? 1 : 0

  key_id = var.kms_key_alias
}

resource "aws_db_subnet_group" "this" {
  count = local.enabled ? 1 : 0

  name       = local.identifier
  subnet_ids = data.aws_subnets.private.ids
}

resource "aws_security_group" "this" {
  count = local.enabled ? 1 : 0

  name        = local.identifier
  description = "Access to ${local.identifier}"
  vpc_id      = data.aws_vpc.this.id

  ingress {
    description = "Database clients inside the VPC"
    from_port   = var.database_port
    to_port     = var.database_port
    protocol    = "tcp"
    cidr_blocks = [data.aws_vpc.this.cidr_block]
  }
}

resource "aws_db_parameter_group" "this" {
  count = local.enabled ? 1 : 0

  name   = local.identifier
  family = var.parameter_group_family

  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }
}

resource "aws_db_instance" "this" {
  count = local.enabled ? 1 : 0

  identifier                   = local.identifier
  engine                       = var.engine
  engine_version               = var.engine_version
  instance_class               = var.instance_class
  allocated_storage            = var.allocated_storage
  max_allocated_storage        = var.max_allocated_storage
  db_name                      = var.database_name
  username                     = var.database_user
  manage_master_user_password  = true
  port                         = var.database_port
  multi_az                     = var.multi_az
  storage_encrypted            = var.storage_encrypted
  kms_key_id                   = one(data.aws_kms_key.this[*].arn)
  backup_retention_period      = var.backup_retention_period
  deletion_protection          = var.deletion_protection
  skip_final_snapshot          = var.skip_final_snapshot
  final_snapshot_identifier    = var.skip_final_snapshot ? null : "${local.identifier}-final"
  performance_insights_enabled = var.performance_insights_enabled
  db_subnet_group_name         = aws_db_subnet_group.this[0].name
  vpc_security_group_ids       = [aws_security_group.this[0].id]
  parameter_group_name         = aws_db_parameter_group.this[0].name
  auto_minor_version_upgrade   = true
  copy_tags_to_snapshot        = true
  apply_immediately            = false
}
