# Two trails share one key whose policy lacks the DescribeKey grant: one
# defect, one finding that names both trails, and one statement that
# covers both.
provider "aws" {
  region = "eu-central-1"
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-shared-key-logs"
}

resource "aws_kms_key" "trail" {
  enable_key_rotation = true
  policy = jsonencode({  # want TL010@3 "^trails aws_cloudtrail.management and aws_cloudtrail.data cannot use key aws_kms_key.trail: .*kms:DescribeKey for them"
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Administration"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Encrypt"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:GenerateDataKey*"
        Resource  = "*"
        Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${data.aws_caller_identity.current.account_id}:trail/*" } }
      },
      {
        Sid       = "Readers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/Auditor" }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = { Null = { "kms:EncryptionContext:aws:cloudtrail:arn" = "false" } }
      },
    ]
  })
}

resource "aws_cloudtrail" "management" {
  name           = "management"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.trail.arn
}

resource "aws_cloudtrail" "data" {
  name           = "data-events"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.trail.arn
}
