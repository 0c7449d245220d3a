package terraform

import "testing"

// TestFunctionHoles checks what each function that reads text does with
// holes: carry them where the answer cannot depend on what they stand
// for, given their domain, and be unknown, naming the input, where it can.
func TestFunctionHoles(t *testing.T) {
	check(t, nil, [][2]string{
		// An account id holds no colon; a region holds dashes.
		{`replace(local.holed, ":", "/")`, `"arn/aws/iam//${var.account}/root and ${name}"`},
		{`replace(var.region, "-", "_")`, `unknown(replace() depends on the text of var.region)`},
		{`replace("a-${var.region}", "/-/", "_")`, `unknown(replace() depends on the text of var.region)`},
		{`upper("t-${var.region}")`, `"T-${upper(var.region)}"`},
		{`upper("t-${var.region}") == upper("t-${var.region}")`, `true`},
		{`lower("X-${var.account}-${var.region}")`, `"x-${var.account}-${var.region}"`},
		{`title("a ${var.account}")`, `"A ${var.account}"`},
		{`title("a ${var.bucket}")`, `unknown(title() depends on the text of var.bucket)`},
		{`sha256(var.account)`, `unknown(sha256() depends on the text of var.account)`},
		{`length(var.account)`, `unknown(length() depends on the text of var.account)`},
		{`length([var.account, var.text])`, `2`},
		{`lookup({a = 1}, var.text, 2)`, `unknown(lookup() depends on the text of var.text)`},
		{`lookup({"x-${var.account}" = 1, b = 2}, "b")`, `2`},
		{`lookup({"${var.bucket}" = 1, b = 2}, "b")`, `unknown(lookup() depends on the text of var.bucket)`},
		{`contains(["a", var.account], "a")`, `true`},
		{`contains([var.account], "a")`, `false`},
		{`contains([var.bucket], "a")`, `unknown(contains() depends on the text of var.bucket)`},
		{`contains([var.bucket], tostring(null))`, `false`},
		{`index(["a", var.bucket], var.bucket)`, `unknown(index() depends on the text of var.bucket)`},
		{`index([var.bucket, "a"], var.bucket)`, `0`},
		{`distinct(["a", var.bucket])`, `unknown(distinct() depends on the text of var.bucket)`},
		{`distinct(["abc", var.account, var.account])`, `tolist(["abc", "${var.account}"])`},
		{`toset([var.account, "x"])`, `toset(["x", "${var.account}"])`},
		{`toset([var.bucket, "x"])`, `unknown(toset() depends on the text of var.bucket)`},
		{`setunion([var.bucket], ["x"])`, `unknown(setunion() depends on the text of var.bucket)`},
		{`compact(["", var.text])`, `unknown(compact() depends on the text of var.text)`},
		{`compact(["", var.account])`, `tolist(["${var.account}"])`},
		{`coalesce(var.text, "b")`, `unknown(coalesce() depends on the text of var.text)`},
		{`coalesce(var.account, "b")`, `"${var.account}"`},
		{`merge({"${var.bucket}" = 1}, {b = 2})`, `unknown(merge() depends on the text of var.bucket)`},
		{`zipmap([var.bucket, "b"], [1, 2])`, `unknown(zipmap() depends on the text of var.bucket)`},
		{`startswith(local.holed, "arn:aws:iam::")`, `true`},
		{`startswith(var.account, "a")`, `false`},
		{`startswith(var.account, "1")`, `unknown(startswith() depends on the text of var.account)`},
		{`endswith("${var.region}-x", "-y")`, `false`},
		{`trimprefix("arn:${var.account}", "arn:")`, `"${var.account}"`},
		{`trimsuffix("${var.bucket}.s3", "3")`, `"${var.bucket}.s"`},
		{`trimsuffix("${var.bucket}", ".s3")`, `unknown(trimsuffix() depends on the text of var.bucket)`},
		{`trimspace(" ${var.account} ")`, `"${var.account}"`},
		{`trimspace(" ${var.bucket}")`, `unknown(trimspace() depends on the text of var.bucket)`},
		{`trim("::${var.account}::", ":")`, `"${var.account}"`},
		{`trim("--${var.region}--", "-")`, `unknown(trim() depends on the text of var.region)`},
		{`chomp("${var.account}\n")`, `"${var.account}"`},
		{`split(":", local.holed)`, `tolist(["arn", "aws", "iam", "", "${var.account}", "root and ${name}"])`},
		{`split("-", var.region)`, `unknown(split() depends on the text of var.region)`},
		{`strcontains(local.holed, "iam")`, `true`},
		{`strcontains(var.account, "x")`, `false`},
		{`strcontains(var.bucket, "x")`, `unknown(strcontains() depends on the text of var.bucket)`},
		{`substr(local.holed, 0, 3)`, `"arn"`},
		{`substr(local.holed, 0, 30)`, `unknown(substr() depends on the text of var.account)`},
		{`substr("ab${var.account}", 1, -1)`, `"b${var.account}"`},
		{`substr("${var.account}:root", -4, 4)`, `"root"`},
		{`indent(2, "a\n${var.account}")`, `"a\n  ${var.account}"`},
		{`format("arn:aws:s3:::%s/*", var.bucket)`, `"arn:aws:s3:::${var.bucket}/*"`},
		{`format("%5s", var.bucket)`, `unknown(format() depends on the text of var.bucket)`},
		{`format("%d", var.account)`, `unknown(format() depends on the text of var.account)`},
		{`formatlist("%s:root", [var.account])`, `tolist(["${var.account}:root"])`},
		{`join("/", ["a", var.bucket])`, `"a/${var.bucket}"`},
		{`jsonencode({a = var.account})`, `"{\"a\":\"${var.account}\"}"`},
		{`jsondecode(jsonencode({a = var.account}))`, `{"a" = "${var.account}"}`},
		{`jsondecode("{\"n\": ${var.account}}")`, `unknown(jsondecode() depends on the text of var.account)`},
		{`csvdecode("a,b\n${var.account},2")`, `tolist([{"a" = "${var.account}", "b" = "2"}])`},
		{`yamldecode(templatefile("policy.yaml.tftpl", {account = var.account}))`,
			`{"Account" = unknown(yamldecode() depends on the text of var.account), "Principal" = {"AWS" = "arn:aws:iam::${var.account}:root"}}`},
		{`yamldecode("a: '${var.account}'\nb: x${var.bucket}")`, `{"a" = "${var.account}", "b" = "x${var.bucket}"}`},
		{`yamldecode("${var.bucket}: 1")`, `unknown(yamldecode() depends on the text of var.bucket)`},
		{`yamlencode({a = var.account})`, `unknown(yamlencode() depends on the text of var.account)`},
		{`urlencode("a b/${var.account}")`, `"a+b%2F${var.account}"`},
		{`urlencode(var.bucket)`, `unknown(urlencode() depends on the text of var.bucket)`},
		{`templatestring(local.holed, {name = "x"})`, `"arn:aws:iam::${var.account}:root and x"`},
		{`templatefile("backends.tftpl", {port = 443, addrs = [var.bucket]})`, `"backend ${var.bucket}:443\n"`},
		{`cidrhost(var.text, 1)`, `unknown(cidrhost() depends on the text of var.text)`},
		{`cidrhost("10.0.0.0/8", var.account)`, `unknown(cidrhost() depends on the text of var.account)`},
		{`tonumber(var.account)`, `unknown(tonumber() depends on the text of var.account)`},
		{`tostring(var.account)`, `"${var.account}"`},
		{`sum(["1", var.account])`, `unknown(sum() depends on the text of var.account)`},
		{`basename("a/${var.bucket}")`, `unknown(basename() depends on the text of var.bucket)`},
		{`base64encode(var.account)`, `unknown(base64encode() depends on the text of var.account)`},
		{`sort([var.account, "a"])`, `unknown(sort() depends on the text of var.account)`},
	})
}

// TestFileFunctionHoles checks that a path with holes, which the file
// functions cannot open, makes their result unknown rather than an error.
func TestFileFunctionHoles(t *testing.T) {
	check(t, nil, [][2]string{
		{`file("${var.bucket}.txt")`, `unknown(file() depends on the text of var.bucket)`},
		{`filesha256("${var.bucket}.txt")`, `unknown(filesha256() depends on the text of var.bucket)`},
		{`fileexists("${var.bucket}.txt")`, `unknown(fileexists() depends on the text of var.bucket)`},
		{`fileset(var.bucket, "*")`, `unknown(fileset() depends on the text of var.bucket)`},
		{`templatefile("${var.bucket}.tftpl", {})`, `unknown(templatefile() depends on the text of var.bucket)`},
	})
}

// TestTemplateStringHoles checks that holes of a template's text and of
// its variables both come through.
func TestTemplateStringHoles(t *testing.T) {
	check(t, nil, [][2]string{
		{`templatestring(local.holed, {name = var.bucket})`, `"arn:aws:iam::${var.account}:root and ${var.bucket}"`},
	})
}

// TestSubstringHoles checks when a substring may be found across a hole:
// only if it starts or ends with what the hole may hold, or holds a run of
// it as long as the hole's text.
func TestSubstringHoles(t *testing.T) {
	check(t, nil, [][2]string{
		{`replace("arn:${var.account}:bucket-s3", "bucket-s3", "x")`, `"arn:${var.account}:x"`},
		{`replace("a${var.account}b", "3b", "x")`, `unknown(replace() depends on the text of var.account)`},
		{`replace("a${var.account}b", "a123456789012b", "x")`, `unknown(replace() depends on the text of var.account)`},
		{`replace("a${var.account}b", "a12345678901b", "x")`, `"a${var.account}b"`},
		{`replace("ab${var.text}cd", "bc", "x")`, `unknown(replace() depends on the text of var.text)`},
		{`strcontains("${var.region}:x", "Y:")`, `false`},
		{`strcontains("${var.region}:x", "1:")`, `unknown(strcontains() depends on the text of var.region)`},
		{`split("-s", "a-s3-${var.account}")`, `tolist(["a", "3-${var.account}"])`},
		{`split("s3", "a-s3-${var.account}")`, `tolist(["a-", "-${var.account}"])`},
		{`split("s3", "a-s${var.account}")`, `unknown(split() depends on the text of var.account)`},
		{`replace("${var.account}${var.account}", "21", "x")`, `unknown(replace() depends on the text of var.account)`},
		{`replace("${var.region}-${var.region}", "a-b", "x")`, `unknown(replace() depends on the text of var.region)`},
		{`replace("${var.region}:x${var.region}", "A:x", "y")`, `"${var.region}:x${var.region}"`},
	})
}
