resource "aws_s3_bucket" "ok" {
  bucket = "fine"
}

resource "aws_kms_key" "bad" {
  policy = = "x"
}
