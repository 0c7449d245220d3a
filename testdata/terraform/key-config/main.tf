provider "aws" {
  region = "sa-east-1"
}

data "aws_caller_identity" "current" {}

locals {
  account = data.aws_caller_identity.current.account_id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Describe", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:DescribeKey", Resource = "*" },
      { Sid       = "Encrypt", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:GenerateDataKey*", Resource = "*",
      Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${local.account}:trail/*" } } },
      { Sid       = "Readers", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${local.account}:role/Auditor" }, Action = "kms:Decrypt", Resource = "*",
      Condition = { Null = { "kms:EncryptionContext:aws:cloudtrail:arn" = "false" } } },
    ]
  })
}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-key-config"
}

resource "aws_kms_key" "hmac" {
  customer_master_key_spec = "HMAC_256"  # want TL021@3 "customer_master_key_spec is HMAC_256"
  key_usage                = "GENERATE_VERIFY_MAC"
  policy                   = local.policy
}

resource "aws_cloudtrail" "hmac" {
  name           = "hmac"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.hmac.arn
}

resource "aws_kms_key" "sign" {
  key_usage           = "SIGN_VERIFY"  # want TL021@3 "key_usage is SIGN_VERIFY"
  enable_key_rotation = true
  policy              = local.policy
}

resource "aws_cloudtrail" "sign" {
  name           = "sign"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.sign.arn
}

resource "aws_kms_key" "disabled" {
  is_enabled          = false  # want TL022@3 "is disabled \\(is_enabled is false\\)"
  enable_key_rotation = false  # want TL023@3 "enable_key_rotation is false"
  policy              = local.policy
}

resource "aws_cloudtrail" "disabled" {
  name           = "disabled"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.disabled.arn
}
