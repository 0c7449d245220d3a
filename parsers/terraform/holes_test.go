package terraform

import "testing"

// == and != with holes answer as graph.Equal does: false where no text of
// the holes' domains makes the two sides equal, unknown where one may.
func TestEqualityWithHoles(t *testing.T) {
	check(t, nil, [][2]string{
		{`var.account == "123456789012"`, `unknown()`},
		{`var.account == "1234"`, `false`},
		{`"x-${var.account}" != "y-${var.account}"`, `true`},
		{`"x-${var.account}" == "x-${var.account}"`, `true`},
		{`var.region == "us-east-1"`, `unknown()`},
		{`var.region == "eusc-de-east-1"`, `unknown()`},
		{`var.region == "prod"`, `false`},
		{`var.text == ""`, `unknown()`},
		// The documentation's placeholder is no account id, whatever its
		// length; a bucket name holds no slash; an account id is no region.
		{`var.account == "aws-account-id"`, `false`},
		{`"arn:aws:iam::${var.account}:root" == "arn:aws:iam::aws-account-id:root"`, `false`},
		{`var.bucket == "a/b"`, `false`},
		{`var.account == var.region`, `false`},
		{`var.account != var.region`, `true`},
	})
}
