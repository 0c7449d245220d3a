data "aws_region" "current" {}

resource "aws_kms_key" "trail" {
  enable_key_rotation = true
  policy = templatefile("${path.module}/policy.json.tpl", { # want TL011@3 "^trail aws_cloudtrail.other cannot use key module.key.aws_kms_key.trail: .* Add the statement below to the template modules/key/policy.json.tpl, which renders the key policy. The template modules/key/policy.json.tpl is passed no variable that gives ACCOUNT_ID: replace it with its value, or pass it to templatefile\\(\\) as a variable and write that variable \\(\\$\\{name\\}\\) in its place.$" TL012@3 "^nobody can read the log files of trail aws_cloudtrail.other: .* to the template modules/key/policy.json.tpl, so that the key policy itself names who reads them. The template modules/key/policy.json.tpl is passed no variable that gives PARTITION, ACCOUNT_ID"
    region = data.aws_region.current.name
  })
}

output "arn" {
  value = aws_kms_key.trail.arn
}
