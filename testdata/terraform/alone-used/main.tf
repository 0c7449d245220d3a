# A key a trail of the scan uses is checked through that trail only: one
# finding that names the trail, not a second one for the key alone.
provider "aws" {
  region = "sa-east-1"
}

data "aws_caller_identity" "current" {}

resource "aws_kms_key" "used" {
  enable_key_rotation = true
  policy = jsonencode({  # want TL010@3 "^trail aws_cloudtrail.main cannot use key aws_kms_key.used: the key policy of aws_kms_key.used does not let cloudtrail.amazonaws.com call kms:DescribeKey for it"
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
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

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-alone-used"
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.used.arn
}
