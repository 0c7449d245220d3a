# A test root below the scanned directory reads the repository's template
# with a path that climbs out of it.
provider "aws" {
  region = "eu-west-1"
}

data "aws_caller_identity" "current" {}

resource "aws_kms_key" "test" {
  enable_key_rotation = true
  policy = templatefile("${path.module}/../../templates/key-policy.json", {
    account = data.aws_caller_identity.current.account_id
  })
}

resource "aws_cloudtrail" "test" {
  name           = "test"
  s3_bucket_name = "test-logs"
  kms_key_id     = aws_kms_key.test.arn
}
