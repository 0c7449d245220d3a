resource "aws_cloudtrail" "main" { # want TL901@1 "trail aws_cloudtrail.main"
  name = "main"
}

resource "aws_kms_key" "main" { # want TL902@1 "key aws_kms_key.main"
  enable_key_rotation = true
}
