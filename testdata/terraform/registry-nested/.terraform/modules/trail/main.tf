variable "name" {
  type = string
}

data "aws_caller_identity" "current" {}

module "kms" {
  source  = "example-org/kms/aws"
  version = "0.4.1"
  account = data.aws_caller_identity.current.account_id
}

module "unused" {
  source  = "example-org/kms/aws"
  version = "0.4.1"
  count   = 0
}

# The nested module's key is used: its policy is read through two
# registry modules and lets CloudTrail in.
resource "aws_cloudtrail" "main" {
  name           = var.name
  s3_bucket_name = "org-trail-logs"
  kms_key_id     = module.kms.key_arn
}

# The second call has no instance: the trail that takes its key has none.
resource "aws_cloudtrail" "spare" {
  name           = "${var.name}-spare"
  s3_bucket_name = "org-trail-logs"
  kms_key_id     = one(module.unused[*].key_arn) # want TL001 "kms_key_id has no value, because module.trail.module.unused has no instance"
}
