# Identifiers read from AWS (the organization's management account) are
# unknown, but the text around them is not: an AWS principal built from one
# can never be the CloudTrail service.
provider "aws" {
  region = "eu-west-1"
}

data "aws_organizations_organization" "org" {}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-data-source-ids"
}

resource "aws_kms_key" "trail" {
  enable_key_rotation = true
  policy = jsonencode({  # want TL010@3 "no statement grants kms:DescribeKey" TL012@3 "no statement of the key policy of aws_kms_key.trail grants a reader kms:Decrypt"
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_organizations_organization.org.master_account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudTrail"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
        Resource  = "*"
        Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${data.aws_organizations_organization.org.master_account_id}:trail/*" } }
      }
    ]
  })
}

resource "aws_cloudtrail" "org" {
  name                  = "org"
  s3_bucket_name        = aws_s3_bucket.logs.id
  is_organization_trail = true
  kms_key_id            = aws_kms_key.trail.arn # want   TL030@3 "kms:GenerateDataKey depends on .*master_account_id"
}
