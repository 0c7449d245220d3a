package keypolicy

import (
	"strings"

	"github.com/trailint/trailint/graph"
)

// fixText renders a string with holes for a statement the user will paste:
// each hole becomes the expression that gives its value in the user's own
// format, so the fix works as written.
func fixText(s string, f graph.Format) string {
	if !graph.HasHoles(s) {
		return s
	}
	var b strings.Builder
	for _, seg := range graph.Segments(s) {
		if seg.Hole == nil {
			b.WriteString(seg.Text)
			continue
		}
		b.WriteString(holeExpr(seg.Hole, f))
	}
	return b.String()
}

func holeExpr(h *graph.HoleInfo, f graph.Format) string {
	for _, p := range []string{"var.", "local.", "data.", "module.", "AWS::"} {
		if strings.HasPrefix(h.Origin, p) {
			return "${" + h.Origin + "}"
		}
	}
	cfn := f == graph.CloudFormation
	switch h.Domain {
	case graph.DomainAccount:
		if cfn {
			return "${AWS::AccountId}"
		}
		return "${data.aws_caller_identity.current.account_id}"
	case graph.DomainRegion:
		if cfn {
			return "${AWS::Region}"
		}
		// .name works with every provider version; v6 prefers .region but
		// keeps .name, while v5 has no .region.
		return "${data.aws_region.current.name}"
	case graph.DomainPartition:
		if cfn {
			return "${AWS::Partition}"
		}
		return "${data.aws_partition.current.partition}"
	}
	return "NAME"
}

// statement renders one policy statement as indented JSON, keys in the
// order AWS documents them.
func statement(sid string, principal, actions string, conds [][3]string) string {
	var b strings.Builder
	b.WriteString("{\n")
	b.WriteString(`  "Sid": "` + sid + "\",\n")
	b.WriteString("  \"Effect\": \"Allow\",\n")
	b.WriteString("  \"Principal\": " + principal + ",\n")
	b.WriteString("  \"Action\": " + actions + ",\n")
	b.WriteString("  \"Resource\": \"*\"")
	if len(conds) > 0 {
		b.WriteString(",\n  \"Condition\": {\n")
		for i, c := range conds {
			b.WriteString(`    "` + c[0] + `": {"` + c[1] + `": "` + c[2] + `"}`)
			if i < len(conds)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString("  }")
	}
	b.WriteString("\n}")
	return b.String()
}

// grantFix is the statement that gives CloudTrail what n needs.
func grantFix(c *check, n *need) string {
	f := c.u.Trail.Format
	svc := `{"Service": "cloudtrail.amazonaws.com"}`
	if c.edsKey {
		return statement("AllowCloudTrailLake", svc, `["kms:GenerateDataKey", "kms:Decrypt"]`, nil)
	}
	arn := fixText(c.arn, f)
	if n.rule == "TL010" {
		return statement("AllowCloudTrailDescribeKey", svc, `"kms:DescribeKey"`,
			[][3]string{{"StringEquals", "aws:SourceArn", arn}})
	}
	return statement("AllowCloudTrailEncrypt", svc, `"kms:GenerateDataKey*"`, [][3]string{
		{"StringEquals", "aws:SourceArn", arn},
		{"StringLike", "kms:EncryptionContext:aws:cloudtrail:arn", fixText(accountTrails(c), f)},
	})
}

// accountTrails is the pattern of every trail of the trail's account.
func accountTrails(c *check) string {
	part := "aws"
	if p := c.u.Trail.Partition; p != nil && p.Type == graph.String {
		part = p.Str
	}
	return "arn:" + part + ":cloudtrail:*:" + c.acct + ":trail/*"
}

func readerFix(c *check) string {
	f := c.u.Trail.Format
	part := "aws"
	if p := c.u.Trail.Partition; p != nil && p.Type == graph.String {
		part = fixText(p.Str, f)
	}
	principal := `{"AWS": "arn:` + part + `:iam::` + fixText(c.acct, f) + `:role/LOG_READER_ROLE"}`
	return statement("AllowLogReaders", principal, `"kms:Decrypt"`,
		[][3]string{{"Null", "kms:EncryptionContext:aws:cloudtrail:arn", "false"}})
}
