resource "aws_cloudtrail" "main" { # want TL901@1 "trail aws_cloudtrail.main"
  name = "main"
}
