# Values only known at deploy time are never reported as missing: trailint
# says which input would decide them.
variable "trail_key_arn" {
  type = string
}

variable "key_policy" {
  type = string
}

provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-unknown-inputs"
}

resource "aws_cloudtrail" "from_variable" {
  name           = "from-variable"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = var.trail_key_arn # want TL030@3 "cannot be resolved statically \\(var.trail_key_arn has no value\\)"
}

resource "aws_kms_key" "policy_from_variable" {
  enable_key_rotation = true
  policy              = var.key_policy
}

resource "aws_cloudtrail" "policy_from_variable" {
  name           = "policy-from-variable"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.policy_from_variable.arn # want TL030@3 "cannot be read statically \\(var.key_policy has no value\\)"
}

module "remote" {
  source = "git::https://example.com/kms.git"
}

resource "aws_cloudtrail" "from_remote_module" {
  name           = "from-remote-module"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = module.remote.key_arn # want TL030@3 "module.remote"
}
