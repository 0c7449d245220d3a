# A pull request that changes only this file, the key's, drops the
# GenerateDataKey* grant: the finding is located here, in the diff, and
# pre-commit reports it when this file alone is named.
data "aws_caller_identity" "current" {}

resource "aws_kms_key" "trail" {
  enable_key_rotation = true
  policy = jsonencode({  # want TL011@3 "^trail aws_cloudtrail.main cannot use key aws_kms_key.trail: .*no statement grants kms:GenerateDataKey[*]"
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
        Sid       = "Describe"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:DescribeKey"
        Resource  = "*"
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
