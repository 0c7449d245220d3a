provider "aws" {
  region = "eu-west-1"
}

data "aws_caller_identity" "current" {}

# The policy lets CloudTrail describe the key but not encrypt with it.
resource "aws_kms_key" "trail" {
  description         = "CloudTrail log files"
  enable_key_rotation = true
  policy = jsonencode({
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
        Sid       = "CloudTrailDescribe"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:DescribeKey"
        Resource  = "*"
      },
      {
        Sid       = "Readers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/AuditReader" }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = {
          Null = { "kms:EncryptionContext:aws:cloudtrail:arn" = "false" }
        }
      }
    ]
  })
}
