provider "aws" {
  region = "eu-west-1"
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-trail-logs"
}

resource "aws_cloudtrail" "plain" {
  name           = "plain"
  s3_bucket_name = aws_s3_bucket.logs.id
}

resource "aws_kms_key" "static" {
  description = "never rotated"
  policy      = local.policy
}

resource "aws_cloudtrail" "static" {
  name           = "static"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.static.arn
}

# trailint:ignore TL023 rotation is done by re-keying each release
resource "aws_kms_key" "waived" {
  description = "rotated by hand"
  policy      = local.policy
}

resource "aws_cloudtrail" "waived" {
  name           = "waived"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.waived.arn
}

locals {
  account = data.aws_caller_identity.current.account_id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${local.account}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudTrailDescribe"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:DescribeKey"
        Resource  = "*"
      },
      {
        Sid       = "CloudTrailEncrypt"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:GenerateDataKey*"
        Resource  = "*"
        Condition = {
          StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${local.account}:trail/*" }
        }
      },
      {
        Sid       = "Readers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${local.account}:role/AuditReader" }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = {
          Null = { "kms:EncryptionContext:aws:cloudtrail:arn" = "false" }
        }
      }
    ]
  })
}
