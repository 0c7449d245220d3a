# A test root under tests/ reads the repository's template: the path
# leaves the scanned directory but stays in the repository.
resource "aws_kms_key" "k" {
  policy = templatefile("${path.module}/../../templates/policy.json", { account = "111122223333" })
}

resource "aws_cloudtrail" "t" {
  name           = "t"
  s3_bucket_name = "logs"
  kms_key_id     = aws_kms_key.k.arn
}
