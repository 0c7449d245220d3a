# A misspelled service principal grants nothing to CloudTrail; the finding
# names the statement that meant to.
provider "aws" {
  region = "us-east-1"
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-policy-principal"
}

resource "aws_kms_key" "trail" {
  enable_key_rotation = true
  policy = jsonencode({  # want TL010@3 "statement \"CloudTrail\" would allow it, but its Principal .*cloudtrail.amazon.com" TL011@3 "statement \"CloudTrail\" would allow it"
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudTrail"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazon.com" }
        Action    = ["kms:DescribeKey", "kms:GenerateDataKey*"]
        Resource  = "*"
      },
      {
        Sid       = "Readers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/Auditor" }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = { Null = { "kms:EncryptionContext:aws:cloudtrail:arn" = "false" } }
      }
    ]
  })
}

resource "aws_cloudtrail" "trail" {
  name           = "trail"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.trail.arn
}
