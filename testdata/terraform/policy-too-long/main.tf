provider "aws" {
  region = "eu-central-1"
}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-policy-too-long"
}

# A reader statement for each of 250 roles makes a policy of 34,471
# characters: AWS KMS refuses key policies over 32,768, so the key is never
# created, and what its policy would allow is not checked.
resource "aws_kms_key" "long" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      {
        Sid       = "Encrypt"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:DescribeKey", "kms:GenerateDataKey*"]
        Resource  = "*"
      }],
      [for i in range(250) : {
        Sid       = "Reader${i}"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/Reader${i}" }
        Action    = "kms:Decrypt"
        Resource  = "*"
    }])
  })
}

resource "aws_cloudtrail" "long" {
  name           = "long"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.long.arn # want TL030@3 "the key policy of aws_kms_key.long, used by trail aws_cloudtrail.long, is not checked: it has at least 34471 characters, over the 32768 AWS KMS accepts, so AWS refuses it."
}
