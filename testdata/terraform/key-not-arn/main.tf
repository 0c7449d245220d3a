provider "aws" {
  region = "us-east-2"
}

data "aws_caller_identity" "me" {}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-key-not-arn"
}

resource "aws_kms_key" "trail" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "CloudTrail"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:DescribeKey", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.me.account_id } }
      },
      {
        Sid       = "Readers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.me.account_id}:role/Auditor" }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = { Null = { "kms:EncryptionContext:aws:cloudtrail:arn" = "false" } }
      }
    ]
  })
}

resource "aws_kms_alias" "trail" {
  name          = "alias/fixture-trail"
  target_key_id = aws_kms_key.trail.key_id
}

resource "aws_cloudtrail" "key_id" {
  name           = "key-id"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.trail.key_id # want TL002@3 "aws_kms_key.trail.key_id is not an ARN.*Use aws_kms_key.trail.arn"
}

resource "aws_cloudtrail" "alias_name" {
  name           = "alias-name"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_alias.trail.name # want TL002@3 "aws_kms_alias.trail.name is not an ARN.*Use aws_kms_alias.trail.arn"
}

resource "aws_cloudtrail" "alias_literal" {
  name           = "alias-literal"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = "alias/fixture-trail" # want TL002@3 "\"alias/fixture-trail\" is not an ARN.*an alias name"
}

resource "aws_cloudtrail" "alias_arn" {
  name           = "alias-arn"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_alias.trail.arn
}
