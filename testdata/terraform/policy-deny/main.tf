# A Deny that keeps the key inside the organisation also locks out
# CloudTrail: service requests carry no aws:PrincipalAccount.
provider "aws" {
  region = "eu-central-1"
}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-policy-deny"
}

resource "aws_kms_key" "trail" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudTrail"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:DescribeKey", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:111122223333:trail/*" } }
      },
      {
        Sid       = "Readers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/Auditor" }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = { Null = { "kms:EncryptionContext:aws:cloudtrail:arn" = "false" } }
      },
      {  # want TL010@7 "statement \"OnlyOurAccount\" denies it.*aws:PrincipalAccount" TL011@7 "statement \"OnlyOurAccount\" denies it"
        Sid       = "OnlyOurAccount"
        Effect    = "Deny"
        Principal = "*"
        Action    = "kms:*"
        Resource  = "*"
        Condition = { StringNotEquals = { "aws:PrincipalAccount" = "111122223333" } }
      }
    ]
  })
}

resource "aws_cloudtrail" "trail" {
  name           = "trail"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.trail.arn
}
