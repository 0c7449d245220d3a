provider "aws" {
  region = "eu-west-1"
}

data "aws_caller_identity" "current" {}

variable "trail_name" {
  type    = string
  default = "audit"
}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-policy-template-logs"
}

# The template is passed the account and the trail's name: a fix writes
# them as the template's own variables, ready to paste into it.
resource "aws_kms_key" "trail" {
  enable_key_rotation = true
  policy = templatefile("${path.module}/key-policy.json.tpl", { # want TL011@3 "^trail aws_cloudtrail.main cannot use key aws_kms_key.trail: the key policy of aws_kms_key.trail does not let cloudtrail.amazonaws.com call kms:GenerateDataKey for it \\(no statement grants kms:GenerateDataKey\\* to cloudtrail.amazonaws.com\\). Add the statement below to the template key-policy.json.tpl, which renders the key policy.$" TL012@3 "^no statement of the key policy of aws_kms_key.trail grants a reader kms:Decrypt on the log files of trail aws_cloudtrail.main: its account-root kms:\\* statement only lets the account's IAM policies grant it, so who can read the logs depends on IAM policies trailint does not see. Add a reader statement conditioned on the CloudTrail encryption context to the template key-policy.json.tpl, so that the key policy itself names who reads them.$"
    account_id = data.aws_caller_identity.current.account_id
    trail_name = var.trail_name
  })
}

resource "aws_cloudtrail" "main" {
  name           = var.trail_name
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.trail.arn
}

# This module's template is passed its region only: the account is a blank,
# which the message names.
module "key" {
  source = "./modules/key"
}

resource "aws_cloudtrail" "other" {
  name           = "other"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = module.key.arn
}
