# Valid Terraform that trailint once warned about. Each construct feeds the
# trail or its key, so that it is evaluated; none is a mistake.
provider "aws" {
  region = "eu-west-1"
}

# A string variable used as a condition, without a default.
variable "create_alias" {
  type = string
}

# A label-module style context read with a null default.
variable "context" {
  type    = any
  default = {}
}

data "aws_caller_identity" "current" {}

locals {
  tenant = lookup(var.context, "tenant", null)
  name   = local.tenant == null ? "org" : "org-${local.tenant}"
}

module "trail" {
  source   = "./mod"
  settings = { name = local.name }
  account  = data.aws_caller_identity.current.account_id
}

resource "aws_kms_alias" "trail" {
  count         = var.create_alias ? 1 : 0
  name          = "alias/${local.name}-trail"
  target_key_id = module.trail.key_id
}
