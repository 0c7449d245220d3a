provider "aws" {
  region = var.region
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

variable "region" {
  type = string
}

variable "enabled" {
  type    = bool
  default = false
}

resource "aws_kms_key" "trail" {
  count = var.enabled ? 1 : 0
}

module "nokey" {
  source      = "./modules/trail"
  name        = "nokey"
  kms_key_arn = one(aws_kms_key.trail[*].arn)
}

module "defaulted" {
  source = "./modules/trail"
  name   = "defaulted"
}

module "west" {
  source    = "./modules/trail"
  for_each  = toset(["a", "b"])
  name      = "west-${each.key}"
  providers = { aws = aws.west }
  kms_key_arn = aws_kms_key.west.arn
}

resource "aws_kms_key" "west" {
  provider = aws.west
}

module "registry" {
  source  = "terraform-aws-modules/kms/aws"
  version = "1.0.0"
}

module "missing" {
  source = "git::https://example.com/x.git"
}

output "key" {
  value = module.registry.key_arn
}
