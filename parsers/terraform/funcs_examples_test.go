package terraform

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// examples holds, for every function of Terraform, the examples of its
// documentation and what trailint gives for them: Terraform's answer
// wherever it is known before the plan.
var examples = map[string][][2]string{
	"abs":          {{`abs(23)`, `23`}, {`abs(0)`, `0`}, {`abs(-12.4)`, `12.4`}},
	"abspath":      {{`abspath(path.root)`, `unknown(abspath() depends on where the configuration is on the machine Terraform runs on)`}},
	"alltrue":      {{`alltrue(["true", true])`, `true`}, {`alltrue([true, false])`, `false`}},
	"anytrue":      {{`anytrue(["true"])`, `true`}, {`anytrue([true])`, `true`}, {`anytrue([true, false])`, `true`}, {`anytrue([])`, `false`}},
	"base64decode": {{`base64decode("SGVsbG8gV29ybGQ=")`, `"Hello World"`}},
	"base64encode": {{`base64encode("Hello World")`, `"SGVsbG8gV29ybGQ="`}},
	"base64gzip":   {{`base64gzip("Hello World")`, `"H4sIAAAAAAAA//JIzcnJVwjPL8pJAQAAAP//AQAA//9WsRdKCwAAAA=="`}},
	"base64sha256": {{`base64sha256("hello world")`, `"uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="`}},
	"base64sha512": {{`base64sha512("hello world")`, `"MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw=="`}},
	"basename":     {{`basename("foo/bar/baz.txt")`, `"baz.txt"`}},
	"bcrypt":       {{`bcrypt("hello world")`, `unknown(bcrypt() salts with random bytes, a new value on every run)`}, {`bcrypt("x", 3)`, `error: Error in function call: Call to function "bcrypt" failed: error occurred generating password crypto/bcrypt: cost 3`}},
	"can":          {{`can(local.foo.bar)`, `true`}, {`can(local.foo.boop)`, `false`}},
	"ceil":         {{`ceil(5)`, `5`}, {`ceil(5.1)`, `6`}},
	"chomp":        {{`chomp("hello\n")`, `"hello"`}, {`chomp("hello\r\n")`, `"hello"`}, {`chomp("hello\n\n")`, `"hello"`}},
	"chunklist": {
		{`chunklist(["a", "b", "c", "d", "e"], 2)`, `tolist([tolist(["a", "b"]), tolist(["c", "d"]), tolist(["e"])])`},
		{`chunklist(["a", "b", "c", "d", "e"], 1)`, `tolist([tolist(["a"]), tolist(["b"]), tolist(["c"]), tolist(["d"]), tolist(["e"])])`},
	},
	"cidrhost": {
		{`cidrhost("10.12.112.0/20", 16)`, `"10.12.112.16"`}, {`cidrhost("10.12.112.0/20", 268)`, `"10.12.113.12"`},
		{`cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)`, `"fd00:fd12:3456:7890::22"`},
		{`cidrhost("10.1.2.240/28", 1)`, `"10.1.2.241"`}, {`cidrhost("10.1.2.240/28", 14)`, `"10.1.2.254"`},
		{`cidrhost("10.1.2.240/28", -1)`, `"10.1.2.255"`},
		{`cidrhost("10.1.2.240/28", 16)`, `error: Error in function call: Call to function "cidrhost" failed: prefix of 28 does not accommodate a host numbered 16`},
	},
	"cidrnetmask": {
		{`cidrnetmask("172.16.0.0/12")`, `"255.240.0.0"`}, {`cidrnetmask("010.1.0.0/16")`, `"255.255.0.0"`}, {`cidrnetmask("0.0.0.0/0")`, `"0.0.0.0"`},
		{`cidrnetmask("fd00::/8")`, `error: Error in function call: Call to function "cidrnetmask" failed: IPv6 addresses cannot have a netmask: fd00::/8`},
		{`cidrnetmask("10.0.0.0/33")`, `error: Error in function call: Call to function "cidrnetmask" failed: invalid CIDR expression: invalid CIDR address: 10.0.0.0/33`},
	},
	"cidrsubnet": {
		{`cidrsubnet("172.16.0.0/12", 4, 2)`, `"172.18.0.0/16"`}, {`cidrsubnet("10.1.2.0/24", 4, 15)`, `"10.1.2.240/28"`},
		{`cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)`, `"fd00:fd12:3456:7800:a200::/72"`},
		{`cidrsubnet("10.0.0.0/8", 25, 0)`, `error: Error in function call: Call to function "cidrsubnet" failed: insufficient address space to extend prefix of 8 by 25`},
		{`cidrsubnet("10.0.0.0/8", 2, 4)`, `error: Error in function call: Call to function "cidrsubnet" failed: prefix extension of 2 does not accommodate a subnet numbered 4`},
	},
	"cidrsubnets": {
		{`cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)`, `tolist(["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"])`},
		{`cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32)`, `tolist(["fd00:fd12:3456:7800::/72", "fd00:fd12:3456:7800:100::/72", "fd00:fd12:3456:7800:200::/72", "fd00:fd12:3456:7800:300::/88"])`},
		{`[for b in cidrsubnets("10.0.0.0/8", 8, 8, 8, 8) : cidrsubnets(b, 4, 4)]`, `[tolist(["10.0.0.0/20", "10.0.16.0/20"]), tolist(["10.1.0.0/20", "10.1.16.0/20"]), tolist(["10.2.0.0/20", "10.2.16.0/20"]), tolist(["10.3.0.0/20", "10.3.16.0/20"])]`},
		{`cidrsubnets("10.0.0.0/30", 1, 1, 1)`, `error: Invalid function argument: Invalid value for "newbits" parameter: not enough remaining address space for a subnet with a prefix of 31 bits after 10.0.0.2/31`},
	},
	"coalesce": {
		{`coalesce("a", "b")`, `"a"`}, {`coalesce("", "b")`, `"b"`}, {`coalesce(1, 2)`, `1`},
		{`coalesce(["", "b"]...)`, `"b"`}, {`coalesce(1, "hello")`, `"1"`}, {`coalesce(true, "hello")`, `"true"`},
		{`coalesce({}, "hello")`, `error: Error in function call: Call to function "coalesce" failed: all arguments must have the same type`},
	},
	"coalescelist": {
		{`coalescelist(["a", "b"], ["c", "d"])`, `["a", "b"]`}, {`coalescelist([], ["c", "d"])`, `["c", "d"]`},
		{`coalescelist([[], ["c", "d"]]...)`, `["c", "d"]`},
	},
	"compact":  {{`compact(["a", "", "b", null, "c"])`, `tolist(["a", "b", "c"])`}},
	"concat":   {{`concat(["a", ""], ["b", "c"])`, `["a", "", "b", "c"]`}, {`concat([], [1, "a"], [[3], "c"])`, `[1, "a", [3], "c"]`}},
	"contains": {{`contains(["a", "b", "c"], "a")`, `true`}, {`contains(["a", "b", "c"], "d")`, `false`}},
	"convert": {
		{`convert([], list(string))`, `tolist([])`},
		{`convert({test = {}}, map(object({attr = optional(string), with_default = optional(string, "default")})))`, `tomap({"test" = {"attr" = null, "with_default" = "default"}})`},
		{`convert("true", bool)`, `true`},
	},
	"csvdecode": {{`csvdecode("a,b,c\n1,2,3\n4,5,6")`, `tolist([{"a" = "1", "b" = "2", "c" = "3"}, {"a" = "4", "b" = "5", "c" = "6"}])`}},
	"dirname":   {{`dirname("foo/bar/baz.txt")`, `"foo/bar"`}},
	"distinct":  {{`distinct(["a", "b", "a", "c", "d", "b"])`, `tolist(["a", "b", "c", "d"])`}},
	"element":   {{`element(["a", "b", "c"], 1)`, `"b"`}, {`element(["a", "b", "c"], 3)`, `"a"`}, {`element(["a", "b", "c"], -1)`, `"c"`}},
	"endswith":  {{`endswith("hello world", "world")`, `true`}, {`endswith("hello world", "hello")`, `false`}},
	"ephemeralasnull": {
		{`ephemeralasnull("test")`, `unknown(ephemeralasnull() depends on which values are declared ephemeral, which trailint does not track)`},
		{`ephemeralasnull(sensitive("x"))`, `sensitive(unknown(ephemeralasnull() depends on which values are declared ephemeral, which trailint does not track))`},
	},
	"file":             {{`file("${path.module}/hello.txt")`, `"Hello World"`}, {`file("latin1.bin")`, `error: Error in function call: Call to function "file" failed: contents of the file are not valid UTF-8`}},
	"filebase64":       {{`filebase64("${path.module}/hello.txt")`, `"SGVsbG8gV29ybGQ="`}},
	"filebase64sha256": {{`filebase64sha256("hello-world.txt")`, `"uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="`}},
	"filebase64sha512": {{`filebase64sha512("hello-world.txt")`, `"MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw=="`}},
	"fileexists": {
		{`fileexists("${path.module}/hello.txt")`, `true`}, {`fileexists("nope.txt")`, `false`},
		{`fileexists("/etc/hosts")`, `unknown(fileexists("/etc/hosts") depends on the machine Terraform runs on)`},
		{`fileexists("files")`, `error: Invalid function argument: Invalid value for "path" parameter: files is a directory, not a file`},
	},
	"filemd5":    {{`filemd5("hello-world.txt")`, `"5eb63bbbe01eeed093cb22bb8f5acdc3"`}},
	"filesha1":   {{`filesha1("hello-world.txt")`, `"2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"`}},
	"filesha256": {{`filesha256("hello-world.txt")`, `"b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"`}},
	"filesha512": {{`filesha512("hello-world.txt")`, `"309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f"`}},
	"fileset": {
		{`fileset(path.module, "files/*.txt")`, `toset(["files/hello.txt", "files/world.txt"])`},
		{`fileset(path.module, "files/{hello,world}.txt")`, `toset(["files/hello.txt", "files/world.txt"])`},
		{`fileset("${path.module}/files", "*")`, `toset(["hello.txt", "notes.md", "world.txt"])`},
		{`fileset("${path.module}/files", "**")`, `toset(["hello.txt", "notes.md", "subdirectory/another.txt", "subdirectory/nested/x.json", "world.txt"])`},
		{`fileset("files", "**/*.json")`, `toset(["subdirectory/nested/x.json"])`},
	},
	"flatten": {{`flatten([["a", "b"], [], ["c"]])`, `["a", "b", "c"]`}, {`flatten([[["a", "b"], []], ["c"]])`, `["a", "b", "c"]`}},
	"floor":   {{`floor(5)`, `5`}, {`floor(4.9)`, `4`}},
	"format": {
		{`format("Hello, %s!", "Ander")`, `"Hello, Ander!"`}, {`format("There are %d lights", 4)`, `"There are 4 lights"`},
		{`format("Hello, %s!", var.name)`, `"Hello, Valentina!"`},
		{`format("%[1]s%[2]s%[1]s%[3]s", "/", "path", "file.tf")`, `"/path/file.tf"`},
		{`format("%#v", "hello")`, `"\"hello\""`}, {`format("%#v", true)`, `"true"`}, {`format("%#v", 1)`, `"1"`},
		{`format("%#v", {a = 1})`, `"{\"a\":1}"`}, {`format("%#v", [true])`, `"[true]"`}, {`format("%#v", null)`, `"null"`},
		{`format("%-5s|%05d|%.2f", "ab", 42, 3.14159)`, `"ab   |00042|3.14"`},
	},
	"formatdate": {
		{`formatdate("DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z")`, `"02 Jan 2018 23:12 UTC"`},
		{`formatdate("EEEE, DD-MMM-YY hh:mm:ss ZZZ", "2018-01-02T23:12:01Z")`, `"Tuesday, 02-Jan-18 23:12:01 UTC"`},
		{`formatdate("EEE, DD MMM YYYY hh:mm:ss ZZZ", "2018-01-02T23:12:01-08:00")`, `"Tue, 02 Jan 2018 23:12:01 -0800"`},
		{`formatdate("MMM DD, YYYY", "2018-01-02T23:12:01Z")`, `"Jan 02, 2018"`},
		{`formatdate("HH:mmaa", "2018-01-02T23:12:01Z")`, `"11:12pm"`},
		{`formatdate("h'h'mm", "2018-01-02T23:12:01-08:00")`, `"23h12"`},
		{`formatdate("H 'o''clock'", "2018-01-02T23:12:01-08:00")`, `"11 o'clock"`},
	},
	"formatlist": {
		{`formatlist("Hello, %s!", ["Valentina", "Ander", "Olivia", "Sam"])`, `tolist(["Hello, Valentina!", "Hello, Ander!", "Hello, Olivia!", "Hello, Sam!"])`},
		{`formatlist("%s, %s!", "Salutations", ["Valentina", "Ander", "Olivia", "Sam"])`, `tolist(["Salutations, Valentina!", "Salutations, Ander!", "Salutations, Olivia!", "Salutations, Sam!"])`},
	},
	"indent":      {{`"{\n  a = ${indent(2, "{\nb = 1\n}")}\n}"`, `"{\n  a = {\n  b = 1\n  }\n}"`}},
	"index":       {{`index(["a", "b", "c"], "b")`, `1`}, {`index(["one", "two", "two"], "two")`, `1`}},
	"issensitive": {{`issensitive(sensitive("secret"))`, `true`}, {`issensitive("hello")`, `unknown(issensitive() depends on which variables and outputs are declared sensitive, which trailint does not track)`}},
	"join":        {{`join("-", ["foo", "bar", "baz"])`, `"foo-bar-baz"`}, {`join(", ", ["foo", "bar", "baz"])`, `"foo, bar, baz"`}, {`join(", ", ["foo"])`, `"foo"`}},
	"jsondecode":  {{`jsondecode("{\"hello\": \"world\"}")`, `{"hello" = "world"}`}, {`jsondecode("true")`, `true`}},
	"jsonencode":  {{`jsonencode({"hello" = "world"})`, `"{\"hello\":\"world\"}"`}, {`jsonencode({a = "<b>", c = [1, null]})`, `"{\"a\":\"\\u003cb\\u003e\",\"c\":[1,null]}"`}},
	"keys":        {{`keys({a = 1, c = 2, d = 3})`, `["a", "c", "d"]`}},
	"length":      {{`length([])`, `0`}, {`length(["a", "b"])`, `2`}, {`length({"a" = "b"})`, `1`}, {`length("hello")`, `5`}, {`length("👾🕹️")`, `2`}},
	"list":        {{`list("a", "b")`, `error: Error in function call: Call to function "list" failed: the "list" function was deprecated in Terraform v0.12 and is no longer available; use tolist([ ... ]) syntax to write a literal list`}},
	"log": {
		{`log(50, 10)`, `1.6989700043360185`}, {`log(16, 2)`, `4`}, {`ceil(log(15, 2))`, `4`}, {`ceil(log(16, 2))`, `4`}, {`ceil(log(17, 2))`, `5`},
		{`log(-1, 2)`, `error: Error in function call: Call to function "log" failed: result is not a number`},
	},
	"lookup": {
		{`lookup({a = "ay", b = "bee"}, "a", "what?")`, `"ay"`}, {`lookup({a = "ay", b = "bee"}, "c", "what?")`, `"what?"`},
		{`lookup(var.context, "tenant", null)`, `null`}, {`lookup(var.context, "namespace", null)`, `"eg"`},
		{`lookup(tomap({a = "ay"}), "b", null)`, `null`},
		{`lookup({a = "ay"}, "c")`, `error: Invalid function argument: Invalid value for "inputMap" parameter: the given object has no attribute "c"`},
	},
	"lower":     {{`lower("HELLO")`, `"hello"`}, {`lower("ΓΕΙΑ ΣΟΥ")`, `"γεια σου"`}},
	"map":       {{`map("a", "b")`, `error: Error in function call: Call to function "map" failed: the "map" function was deprecated in Terraform v0.12`}},
	"matchkeys": {{`matchkeys(["i-123", "i-abc", "i-def"], ["us-west", "us-east", "us-east"], ["us-east"])`, `tolist(["i-abc", "i-def"])`}},
	"max":       {{`max(12, 54, 3)`, `54`}, {`max([12, 54, 3]...)`, `54`}},
	"md5":       {{`md5("hello world")`, `"5eb63bbbe01eeed093cb22bb8f5acdc3"`}},
	"merge": {
		{`merge({a = "b", c = "d"}, {e = "f", c = "z"})`, `{"a" = "b", "c" = "z", "e" = "f"}`},
		{`merge({a = "b"}, {a = [1, 2], c = "z"}, {d = 3})`, `{"a" = [1, 2], "c" = "z", "d" = 3}`},
		{`merge([{a = "b", c = "d"}, {}, {e = "f", c = "z"}]...)`, `{"a" = "b", "c" = "z", "e" = "f"}`},
	},
	"min":          {{`min(12, 54, 3)`, `3`}, {`min([12, 54, 3]...)`, `3`}},
	"nonsensitive": {{`nonsensitive(sensitive("zqb"))`, `"zqb"`}},
	"one": {
		{`one([])`, `null`}, {`one(["hello"])`, `"hello"`}, {`one(toset([]))`, `null`}, {`one(toset(["hello"]))`, `"hello"`},
		{`one(["hello", "goodbye"])`, `error: Invalid function argument: Invalid value for "list" parameter: must be a list, set, or tuple value with either zero or one elements.`},
	},
	"parseint": {
		{`parseint("100", 10)`, `100`}, {`parseint("FF", 16)`, `255`}, {`parseint("-10", 16)`, `-16`},
		{`parseint("1011111011101111", 2)`, `48879`}, {`parseint("aA", 62)`, `656`},
		{`parseint("12", 2)`, `error: Invalid function argument: Invalid value for "number" parameter: cannot parse "12" as a base 2 integer`},
	},
	"pathexpand":    {{`pathexpand("~/.ssh/id_rsa")`, `unknown(pathexpand() of ~ depends on the home directory of the machine Terraform runs on)`}, {`pathexpand("/etc/resolv.conf")`, `"/etc/resolv.conf"`}},
	"plantimestamp": {{`plantimestamp()`, `unknown(plantimestamp() is the time of the plan)`}},
	"pow":           {{`pow(3, 2)`, `9`}, {`pow(4, 0)`, `1`}, {`pow(-1, 0.5)`, `error: Error in function call: Call to function "pow" failed: result is not a number`}},
	"range": {
		{`range(3)`, `tolist([0, 1, 2])`}, {`range(1, 4)`, `tolist([1, 2, 3])`}, {`range(1, 8, 2)`, `tolist([1, 3, 5, 7])`},
		{`range(1, 4, 0.5)`, `tolist([1, 1.5, 2, 2.5, 3, 3.5])`}, {`range(4, 1)`, `tolist([4, 3, 2])`}, {`range(10, 5, -2)`, `tolist([10, 8, 6])`},
	},
	"regex": {
		{`regex("[a-z]+", "53453453.345345aaabbbccc23454")`, `"aaabbbccc"`},
		{`regex("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)", "2019-02-01")`, `["2019", "02", "01"]`},
		{`regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/")`, `{"authority" = "terraform.io", "scheme" = "https"}`},
		{`regex("[a-z]+", "53453453.34534523454")`, `error: Error in function call: Call to function "regex" failed: pattern did not match any part of the given string`},
	},
	"regexall": {
		{`regexall("[a-z]+", "1234abcd5678efgh9")`, `tolist(["abcd", "efgh"])`},
		{`length(regexall("[a-z]+", "1234abcd5678efgh9"))`, `2`}, {`length(regexall("[a-z]+", "123456789")) > 0`, `false`},
	},
	"replace": {{`replace("1 + 2 + 3", "+", "-")`, `"1 - 2 - 3"`}, {`replace("hello world", "/w.*d/", "everybody")`, `"hello everybody"`}},
	"reverse": {{`reverse([1, 2, 3])`, `[3, 2, 1]`}},
	"rsadecrypt": {
		{`rsadecrypt(local.ciphertext, local.key)`, `"Hello, world!"`},
		{`rsadecrypt(local.ciphertext, "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n")`, `unknown(rsadecrypt() with a key in OpenSSH format is not evaluated)`},
	},
	"sensitive": {{`sensitive(1)`, `sensitive(1)`}, {`sensitive("hello")`, `sensitive("hello")`}, {`sensitive([])`, `sensitive([])`}},
	"setintersection": {
		{`setintersection(["a", "b"], ["b", "c"], ["b", "d"])`, `toset(["b"])`},
		{`setintersection([3, 3.3, 4], [4, 3.3, 65, 99], [4.0, 3.3])`, `toset([3.3, 4])`},
		{`setintersection(["bob", "jane", 3], ["jane", 3, "ajax", 10], ["3", "jane", 26, "nomad"])`, `toset(["3", "jane"])`},
	},
	"setproduct": {
		{`setproduct(["development", "staging", "production"], ["app1", "app2"])`, `tolist([["development", "app1"], ["development", "app2"], ["staging", "app1"], ["staging", "app2"], ["production", "app1"], ["production", "app2"]])`},
		{`setproduct(["development", "staging", "production"], [])`, `tolist([])`},
		{`setproduct(["a"], ["b"])`, `tolist([["a", "b"]])`},
		{`setproduct(["staging", "production"], ["a", 2])`, `tolist([["staging", "a"], ["staging", "2"], ["production", "a"], ["production", "2"]])`},
	},
	"setsubtract": {
		{`setsubtract(["a", "b", "c"], ["a", "c"])`, `toset(["b"])`},
		{`setunion(setsubtract(["a", "b", "c"], ["a", "c", "d"]), setsubtract(["a", "c", "d"], ["a", "b", "c"]))`, `toset(["b", "d"])`},
	},
	"setunion":    {{`setunion(["a", "b"], ["b", "c"], ["d"])`, `toset(["a", "b", "c", "d"])`}},
	"sha1":        {{`sha1("hello world")`, `"2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"`}},
	"sha256":      {{`sha256("hello world")`, `"b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"`}},
	"sha512":      {{`sha512("hello world")`, `"309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f"`}},
	"signum":      {{`signum(-13)`, `-1`}, {`signum(0)`, `0`}, {`signum(344)`, `1`}},
	"slice":       {{`slice(["a", "b", "c", "d"], 1, 3)`, `["b", "c"]`}},
	"sort":        {{`sort(["e", "d", "a", "x"])`, `tolist(["a", "d", "e", "x"])`}},
	"split":       {{`split(",", "foo,bar,baz")`, `tolist(["foo", "bar", "baz"])`}, {`split(",", "foo")`, `tolist(["foo"])`}, {`split(",", "")`, `tolist([""])`}},
	"startswith":  {{`startswith("hello world", "hello")`, `true`}, {`startswith("hello world", "world")`, `false`}},
	"strcontains": {{`strcontains("hello world", "wor")`, `true`}, {`strcontains("hello world", "wod")`, `false`}},
	"strrev":      {{`strrev("hello")`, `"olleh"`}, {`strrev("a ☃")`, `"☃ a"`}},
	"substr": {
		{`substr("hello world", 1, 4)`, `"ello"`}, {`substr("🤔🤷", 0, 1)`, `"🤔"`},
		{`substr("hello world", -5, -1)`, `"world"`}, {`substr("hello world", 6, 10)`, `"world"`},
	},
	"sum": {{`sum([10, 13, 6, 4.5])`, `33.5`}},
	"templatefile": {
		{`templatefile("${path.module}/backends.tftpl", {port = 8080, addrs = ["10.0.0.1", "10.0.0.2"]})`, `"backend 10.0.0.1:8080\nbackend 10.0.0.2:8080\n"`},
		{`templatefile("${path.module}/config.tftpl", {config = {"x" = "y", "foo" = "bar", "key" = "value"}})`, `"set foo = bar\nset key = value\nset x = y\n"`},
		{`templatefile("backends.tftpl", {port = 1})`, `error: Invalid function argument: Invalid value for "vars" parameter: vars map does not contain key "addrs", referenced at backends.tftpl:1,13-18.`},
	},
	"templatestring": {
		{`templatestring(local.greeting, {name = "Alex"})`, `"Hello, Alex!"`},
		{`templatestring("Hello, $${name}!", {name = "Alex"})`, `error: Invalid function argument: Invalid value for "template" parameter: invalid template expression: templatestring is only for rendering templates retrieved dynamically from elsewhere`},
		{`templatestring(local.md5tpl, {})`, `error: Error in function call: Call to function "templatestring" failed: <templatestring argument>:1,3-11: Error in function call; Call to function "filemd5" failed: cannot use filesystem access functions like filemd5 in templatestring templates`},
		{`templatestring(local.filesettpl, {})`, `error: Error in function call: Call to function "templatestring" failed: <templatestring argument>:1,3-17: Error in function call; Call to function "core::fileset" failed: cannot use filesystem access functions like fileset in templatestring templates`},
		{`templatestring(local.rendertpl, {})`, `error: Error in function call: Call to function "templatestring" failed: <templatestring argument>:1,3-16: Error in function call; Call to function "templatefile" failed: cannot use filesystem access functions like templatefile in templatestring templates`},
	},
	"textdecodebase64": {{`textdecodebase64("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE")`, `"Hello World"`}},
	"textencodebase64": {{`textencodebase64("Hello World", "UTF-16LE")`, `"SABlAGwAbABvACAAVwBvAHIAbABkAA=="`}},
	"timeadd":          {{`timeadd("2024-08-16T12:45:05Z", "10m")`, `"2024-08-16T12:55:05Z"`}, {`timeadd("2024-08-16T12:45:05Z", "-10m")`, `"2024-08-16T12:35:05Z"`}},
	"timecmp": {
		{`timecmp("2017-11-22T00:00:00Z", "2017-11-22T00:00:00Z")`, `0`}, {`timecmp("2017-11-22T00:00:00Z", "2017-11-22T01:00:00Z")`, `-1`},
		{`timecmp("2017-11-22T01:00:00Z", "2017-11-22T00:00:00Z")`, `1`}, {`timecmp("2017-11-22T01:00:00Z", "2017-11-22T00:00:00-01:00")`, `0`},
		{`timecmp("2017-11-22", "2017-11-22T00:00:00Z")`, `error: Invalid function argument: Invalid value for "timestamp_a" parameter: not a valid RFC3339 timestamp: missing required time introducer 'T'.`},
	},
	"timestamp": {{`timestamp()`, `unknown(timestamp() is the time of the run)`}},
	"title":     {{`title("hello world")`, `"Hello World"`}},
	"tobool": {
		{`tobool(true)`, `true`}, {`tobool("true")`, `true`}, {`tobool(null)`, `null`},
		{`tobool("no")`, `error: Invalid function argument: Invalid value for "v" parameter: cannot convert "no" to bool; only the strings "true" or "false" are allowed`},
		{`tobool(1)`, `error: Invalid function argument: Invalid value for "v" parameter: cannot convert number to bool`},
	},
	"tolist": {{`tolist(["a", "b", "c"])`, `tolist(["a", "b", "c"])`}, {`tolist(["a", "b", 3])`, `tolist(["a", "b", "3"])`}},
	"tomap":  {{`tomap({"a" = 1, "b" = 2})`, `tomap({"a" = 1, "b" = 2})`}, {`tomap({"a" = "foo", "b" = true})`, `tomap({"a" = "foo", "b" = "true"})`}},
	"tonumber": {
		{`tonumber(1)`, `1`}, {`tonumber("1")`, `1`}, {`tonumber(null)`, `null`},
		{`tonumber("no")`, `error: Invalid function argument: Invalid value for "v" parameter: cannot convert "no" to number; given string must be a decimal representation of a number`},
	},
	"toset": {{`toset(["a", "b", "c"])`, `toset(["a", "b", "c"])`}, {`toset(["a", "b", 3])`, `toset(["3", "a", "b"])`}, {`toset(["c", "b", "b"])`, `toset(["b", "c"])`}},
	"tostring": {
		{`tostring("hello")`, `"hello"`}, {`tostring(1)`, `"1"`}, {`tostring(true)`, `"true"`}, {`tostring(null)`, `null`},
		{`tostring([])`, `error: Invalid function argument: Invalid value for "v" parameter: cannot convert tuple to string`},
	},
	"transpose":  {{`transpose({"a" = ["1", "2"], "b" = ["2", "3"]})`, `tomap({"1" = tolist(["a"]), "2" = tolist(["a", "b"]), "3" = tolist(["b"])})`}},
	"trim":       {{`trim("?!hello?!", "!?")`, `"hello"`}, {`trim("foobar", "far")`, `"oob"`}, {`trim("   hello! world.!  ", "! ")`, `"hello! world."`}},
	"trimprefix": {{`trimprefix("helloworld", "hello")`, `"world"`}, {`trimprefix("helloworld", "cat")`, `"helloworld"`}, {`trimprefix("--hello", "-")`, `"-hello"`}},
	"trimspace":  {{`trimspace("  hello\n\n")`, `"hello"`}},
	"trimsuffix": {{`trimsuffix("helloworld", "world")`, `"hello"`}, {`trimsuffix("helloworld", "cat")`, `"helloworld"`}, {`trimsuffix("hello--", "-")`, `"hello-"`}},
	"try":        {{`try(local.foo.bar, "fallback")`, `"baz"`}, {`try(local.foo.boop, "fallback")`, `"fallback"`}},
	"type":       {{`type(1)`, `error: Call to unknown function: There is no function named "type".`}},
	"upper":      {{`upper("hello")`, `"HELLO"`}, {`upper("алло!")`, `"АЛЛО!"`}},
	"urlencode": {
		{`urlencode("Hello World!")`, `"Hello+World%21"`}, {`urlencode("☃")`, `"%E2%98%83"`},
		{`"http://example.com/search?q=${urlencode("terraform urlencode")}"`, `"http://example.com/search?q=terraform+urlencode"`},
	},
	"uuid": {{`uuid()`, `unknown(uuid() is random, a new value on every run)`}},
	"uuidv5": {
		{`uuidv5("dns", "www.terraform.io")`, `"a5008fae-b28c-5ba5-96cd-82b4c53552d6"`},
		{`uuidv5("url", "https://www.terraform.io/")`, `"9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5"`},
		{`uuidv5("oid", "1.3.6.1.4")`, `"af9d40a5-7a36-5c07-b23a-851cd99fbfa5"`},
		{`uuidv5("x500", "CN=Example,C=GB")`, `"84e09961-4aa4-57f8-95b7-03edb1073253"`},
		{`uuidv5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.terraform.io")`, `"a5008fae-b28c-5ba5-96cd-82b4c53552d6"`},
		{`uuidv5("743ac3c0-3bf7-4a5b-9e6c-59360447c757", "LIBS:diskfont.library")`, `"ede1a974-df7e-5f17-84b9-76208818b2c8"`},
	},
	"values": {{`values({a = 3, c = 2, d = 1})`, `[3, 2, 1]`}},
	"yamldecode": {
		{`yamldecode("hello: world")`, `{"hello" = "world"}`}, {`yamldecode("true")`, `true`},
		{`yamldecode("{a: &foo [1, 2, 3], b: *foo}")`, `{"a" = [1, 2, 3], "b" = [1, 2, 3]}`},
		{`yamldecode("{a: &foo [1, *foo, 3]}")`, `error: Error in function call: Call to function "yamldecode" failed: cannot refer to anchor "foo" from inside its own definition`},
		{`yamldecode("{a: !not-supported foo}")`, `error: Error in function call: Call to function "yamldecode" failed: unsupported tag "!not-supported"`},
		{`yamldecode("a: yes\nb: 0o17\nc: 077\nd: ~")`, `{"a" = true, "b" = 15, "c" = 77, "d" = null}`},
	},
	"yamlencode": {
		{`yamlencode({"a" : "b", "c" : "d"})`, `"\"a\": \"b\"\n\"c\": \"d\"\n"`},
		{`yamlencode({"foo" : [1, 2, 3], "bar" : "baz"})`, `"\"bar\": \"baz\"\n\"foo\":\n- 1\n- 2\n- 3\n"`},
		{`yamlencode({"foo" : [1, {"a" : "b", "c" : "d"}, 3], "bar" : "baz"})`, `"\"bar\": \"baz\"\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n"`},
	},
	"zipmap":                             {{`zipmap(["a", "b"], [1, 2])`, `{"a" = 1, "b" = 2}`}, {`zipmap(["a", "b"], tolist([1, 2]))`, `tomap({"a" = 1, "b" = 2})`}},
	"provider::terraform::encode_tfvars": {{`provider::terraform::encode_tfvars({example = "Hello!"})`, `"example = \"Hello!\"\n"`}},
	"provider::terraform::decode_tfvars": {{`provider::terraform::decode_tfvars("example = \"Hello!\"\n")`, `{"example" = "Hello!"}`}},
	"provider::terraform::encode_expr":   {{`provider::terraform::encode_expr(["A", "B"])`, `"[\"A\", \"B\"]"`}},
}

// withKey adds to funcScope an RSA key and a text it encrypted, for
// rsadecrypt; made here so that no private key sits in the repository.
func withKey(t *testing.T) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ct, err := rsa.EncryptPKCS1v15(rand.Reader, &key.PublicKey, []byte("Hello, world!")) //nolint:staticcheck // what rsadecrypt reads
	if err != nil {
		t.Fatal(err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	local := funcScope["local"].AsValueMap()
	local["key"] = cty.StringVal(string(pemKey))
	local["ciphertext"] = cty.StringVal(base64.StdEncoding.EncodeToString(ct))
	old := funcScope["local"]
	funcScope["local"] = cty.ObjectVal(local)
	t.Cleanup(func() { funcScope["local"] = old })
}

// TestFunctionExamples runs the documented examples of every function.
func TestFunctionExamples(t *testing.T) {
	withKey(t)
	names := make([]string, 0, len(examples))
	for n := range examples {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		t.Run(n, func(t *testing.T) { check(t, nil, examples[n]) })
	}
}

// TestFunctionsDocumented checks that docs/terraform-functions.md lists
// exactly the functions of the table, each with examples here: a function
// added to one and not the others fails.
func TestFunctionsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/terraform-functions.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| `([a-z0-9_:]+)` \\| ([^|]+) \\| ([^|]+) \\|$")
	documented := map[string]bool{}
	absent := map[string]bool{}
	for _, m := range row.FindAllSubmatch(doc, -1) {
		name, how := string(m[1]), strings.TrimSpace(string(m[3]))
		if documented[name] {
			t.Errorf("%s is in the table twice", name)
		}
		documented[name] = true
		if strings.HasPrefix(how, "absent") {
			absent[name] = true
		}
	}
	fns := newLoader(funcFiles, Options{}).functions(".")
	for name := range fns {
		if strings.HasPrefix(name, "trailint:") {
			continue // internal, and no configuration can call it
		}
		if strings.HasPrefix(name, "core::") {
			if _, ok := fns[strings.TrimPrefix(name, "core::")]; !ok {
				t.Errorf("%s has no plain name", name)
			}
			continue
		}
		if !documented[name] {
			t.Errorf("%s is in the function table but not in docs/terraform-functions.md", name)
		}
	}
	for name := range documented {
		_, ok := fns[name]
		switch {
		case absent[name] && ok:
			t.Errorf("%s is documented as absent but is in the function table", name)
		case !absent[name] && !ok:
			t.Errorf("%s is in docs/terraform-functions.md but not in the function table", name)
		}
		if len(examples[name]) == 0 {
			t.Errorf("%s has no examples", name)
		}
	}
	for name := range examples {
		if !documented[name] {
			t.Errorf("examples of %s, which docs/terraform-functions.md does not list", name)
		}
	}
	if len(documented) < 120 {
		t.Errorf("the table lists %d functions; Terraform has over 120", len(documented))
	}
	// Every function is also core::name, as in Terraform.
	check(t, nil, [][2]string{{`core::abs(-1)`, `1`}, {`core::upper("a")`, `"A"`}})
}
