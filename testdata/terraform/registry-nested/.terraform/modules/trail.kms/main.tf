variable "account" {
  type    = string
  default = null
}

locals {
  # Never read by anything the analysis uses: its error is not reported.
  unused = lookup("not a map", "k")
}

resource "aws_kms_key" "this" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Admin"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${var.account}:root" }
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
          StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${var.account}:trail/*" }
        }
      },
      {
        Sid       = "Readers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${var.account}:role/log-reader" }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = {
          Null = { "kms:EncryptionContext:aws:cloudtrail:arn" = "false" }
        }
      },
    ]
  })
}

output "key_arn" {
  value = aws_kms_key.this.arn
}
