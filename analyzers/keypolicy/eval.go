package keypolicy

import (
	"fmt"
	"maps"
	"strings"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/policy"
)

const cloudtrail = "cloudtrail.amazonaws.com"

// need is one permission CloudTrail needs on the key.
type need struct {
	action string // what CloudTrail calls
	grant  string // what a policy grants, for messages and fixes
	rule   string // TL010 or TL011
	req    policy.Request
	result policy.Result
}

// check is the evaluation of one key for one trail or event data store,
// shared by the rules of this package.
type check struct {
	u      *analyzers.Usage
	key    *graph.Resource
	pol    *analyzers.PolicyInfo
	arn    string // the trail's (or store's) ARN, with holes
	acct   string
	part   string // the trail's partition and region, with holes
	region string
	needs  []*need
	edsKey bool
	// over is set when the run's matching budget ran out while this key
	// was being checked for this trail: what was left undecided is not
	// reported, and TL030 says why.
	over bool
	// refused is the least length of a policy AWS refuses for being over
	// its quota, 0 for one within it. A refused policy never takes
	// effect, so it is not checked.
	refused int64
}

// checks evaluates, once per run, every key of every trail and event data
// store against what CloudTrail sends.
func checks(f *analyzers.Facts) []*check {
	return analyzers.Memo(f, "keypolicy.checks", func() []*check {
		var out []*check
		for _, r := range f.Graph().OfKind(graph.KindTrail, graph.KindEventDataStore) {
			u := f.Usage(r)
			for _, k := range u.Keys {
				out = append(out, evaluate(f, u, k.Key))
			}
		}
		return out
	})
}

func evaluate(f *analyzers.Facts, u *analyzers.Usage, key *graph.Resource) *check {
	r := u.Trail
	c := &check{u: u, key: key, pol: f.Policy(key), edsKey: r.Kind == graph.KindEventDataStore}
	part := holeOr(r.Partition, graph.DomainPartition, "AWS partition")
	region := holeOr(r.Region, graph.DomainRegion, "region of "+r.Address)
	c.part, c.region = part, region
	c.acct = holeOr(r.Account, graph.DomainAccount, "account of "+r.Address)
	base := "arn:" + part + ":cloudtrail:" + region + ":" + c.acct + ":"
	ctx := map[string][]string{
		"aws:SourceAccount":         {c.acct},
		"aws:PrincipalServiceName":  {cloudtrail},
		"aws:PrincipalIsAWSService": {"true"},
		// AWS adds the organisation of the trail's account when the account
		// is in one; which organisation, and whether, the configuration
		// does not say, so a condition on them may hold.
		"aws:SourceOrgID":    {graph.Hole(graph.DomainAny, "organization of the account of "+r.Address)},
		"aws:SourceOrgPaths": {graph.Hole(graph.DomainAny, "organization path of the account of "+r.Address)},
	}
	if c.edsKey {
		c.arn = base + "eventdatastore/" + graph.Hole(graph.DomainName, "id of "+r.Address)
		ctx["aws:SourceArn"] = []string{c.arn}
		c.needs = []*need{
			{action: "kms:GenerateDataKey", grant: "kms:GenerateDataKey", rule: "TL011"},
			{action: "kms:Decrypt", grant: "kms:Decrypt", rule: "TL010"},
		}
	} else {
		c.arn = base + "trail/" + trailName(r)
		ctx["aws:SourceArn"] = []string{c.arn}
		c.needs = []*need{
			{action: "kms:DescribeKey", grant: "kms:DescribeKey", rule: "TL010"},
			{action: "kms:GenerateDataKey", grant: "kms:GenerateDataKey*", rule: "TL011"},
		}
	}
	keyARN := "arn:" + holeOr(key.Partition, graph.DomainPartition, "AWS partition") + ":kms:" +
		holeOr(key.Region, graph.DomainRegion, "region of "+key.Address) + ":" +
		holeOr(key.Account, graph.DomainAccount, "account of "+key.Address) + ":key/" +
		graph.Hole(graph.DomainName, "key id of "+key.Address)
	if c.refused = refusedLength(f, c); c.refused > 0 {
		return c
	}
	for _, n := range c.needs {
		req := policy.Request{
			Principal: policy.Principal{Service: cloudtrail},
			Action:    n.action,
			Resource:  keyARN,
			Context:   ctx,
		}
		if !c.edsKey && n.action == "kms:GenerateDataKey" {
			req.Context = deliveryContext(ctx, c.arn, s3ARN(f, u, part), "s3."+region+".amazonaws.com")
		}
		n.req = req
		n.result = c.pol.Doc.Evaluate(req, f.Meter())
		if n.result.Decision == policy.Allowed {
			// The rules read only the granting statements of an allowed
			// request; dropping the verdicts keeps a run over thousands of
			// trails from holding every one of them to the end.
			n.result = policy.Result{Decision: policy.Allowed, Allowed: n.result.Allowed}
		}
	}
	c.charged(f)
	return c
}

// refusedLength is the least length of c's policy when AWS refuses it for
// being longer than a key policy may be, and says so once at the policy.
func refusedLength(f *analyzers.Facts, c *check) int64 {
	if c.pol.Doc == nil || c.pol.Attr == nil {
		return 0
	}
	lengths := analyzers.Memo(f, "keypolicy.lengths", func() map[*analyzers.PolicyInfo]int64 { return map[*analyzers.PolicyInfo]int64{} })
	n, ok := lengths[c.pol]
	if ok {
		return n
	}
	if n = policy.MinLength(c.pol.Attr.Value); n <= policy.KeyPolicyQuota {
		n = 0
	}
	lengths[c.pol] = n
	if n > 0 {
		g := f.Graph()
		g.Diagnostics = append(g.Diagnostics, graph.Diagnostic{
			Severity: graph.SevError,
			Summary:  "key policy is longer than AWS KMS accepts",
			Detail: fmt.Sprintf("it has at least %d characters, not counting spaces, and a key policy may have %d; CreateKey and PutKeyPolicy refuse it, so it is not checked",
				n, policy.KeyPolicyQuota),
			Range: c.policyRange(),
		})
	}
	return n
}

// charged notes, after matching for c, whether the run's budget ran out.
func (c *check) charged(f *analyzers.Facts) bool {
	if f.OverBudget(c.policyRange()) {
		c.over = true
	}
	return c.over
}

// policyRange is where the key's policy is written: its policy attribute,
// or the key when it has none.
func (c *check) policyRange() graph.Range {
	if c.pol.Attr != nil && !c.pol.Attr.Range.IsZero() {
		return c.pol.Attr.Range
	}
	return c.key.Header
}

// deliveryContext adds what a log file delivery carries: CloudTrail has S3
// write the file with SSE-KMS, so S3 asks KMS for the data key on its behalf
// (kms:ViaService), with an encryption context of the trail's ARN and the
// log file's object ARN ("How AWS CloudTrail uses AWS KMS").
func deliveryContext(ctx map[string][]string, trailARN, objectARN, via string) map[string][]string {
	out := maps.Clone(ctx)
	out["kms:EncryptionContext:aws:cloudtrail:arn"] = []string{trailARN}
	out["kms:EncryptionContext:aws:s3:arn"] = []string{objectARN}
	out["kms:EncryptionContextKeys"] = []string{"aws:cloudtrail:arn", "aws:s3:arn"}
	out["kms:ViaService"] = []string{via}
	return out
}

// s3ARN is the ARN S3 puts in the encryption context of a log file: the
// object's, or the bucket's when the bucket uses an S3 Bucket Key ("S3
// Bucket Keys" in the S3 User Guide: the context becomes the bucket ARN).
// When that cannot be told, it is the bucket's ARN followed by a hole that is
// the object key or nothing, so that a condition on either is undecided,
// never refused.
func s3ARN(f *analyzers.Facts, u *analyzers.Usage, part string) string {
	bucket := bucketARN(u, part)
	on, known := f.BucketKey(u)
	switch {
	case known && on:
		return bucket
	case known:
		// The object key: prefix, AWSLogs, account, region, date, file.
		return bucket + "/" + graph.Hole(graph.DomainAny, "log file key of "+u.Trail.Address)
	}
	return bucket + graph.Hole(graph.DomainAny, "/log file key of "+u.Trail.Address+", or nothing with an S3 Bucket Key")
}

// bucketARN is the ARN of the trail's bucket: its name where it is known, a
// hole otherwise.
func bucketARN(u *analyzers.Usage, part string) string {
	bucket := graph.Hole(graph.DomainName, "bucket of "+u.Trail.Address)
	v := u.Trail.Prop(graph.PropBucket).Value
	if u.Bucket != nil {
		if name := u.Bucket.Prop(graph.PropName).Value; name != nil && name.Type == graph.String {
			v = name
		}
	}
	if v != nil && v.Type == graph.String && v.Str != "" {
		bucket = v.Str
	}
	return "arn:" + part + ":s3:::" + bucket
}

// trailName is the trail's name as it appears in its ARN; CloudFormation
// generates one when TrailName is not set.
func trailName(r *graph.Resource) string {
	v := r.Prop(graph.PropName).Value
	if v != nil && v.Type == graph.String {
		if strings.HasPrefix(v.Str, "arn:") {
			// a trail may be named by its ARN; the name is its last part
			if i := strings.LastIndex(v.Str, "/"); i >= 0 {
				return v.Str[i+1:]
			}
		}
		return v.Str
	}
	return graph.Hole(graph.DomainName, "name of "+r.Address)
}

// holeOr returns v's text when it is a string, else a hole standing for it.
func holeOr(v *graph.Value, d graph.Domain, origin string) string {
	if v != nil && v.Type == graph.String && v.Str != "" {
		return v.Str
	}
	return graph.Hole(d, origin)
}

// policyWhere names the policy for messages: which resource holds it.
func policyWhere(c *check) string {
	switch {
	case c.pol.Default:
		return fmt.Sprintf("the default key policy of %s (it sets none, and the default lets only the account's IAM principals use the key)", c.key.Address)
	case c.pol.Holder != c.key:
		return fmt.Sprintf("the key policy of %s (set by %s)", c.key.Address, c.pol.Holder.Address)
	}
	return "the key policy of " + c.key.Address
}

// related lists the places a reader of a finding wants to see: the policy
// (or the key when it has none), and the statements that decided.
func related(c *check, stmts []*policy.Statement, why string) []analyzers.Related {
	var out []analyzers.Related
	seen := map[graph.Range]bool{}
	add := func(r graph.Range, msg string) {
		if r.IsZero() || seen[r] {
			return
		}
		seen[r] = true
		out = append(out, analyzers.Related{Range: r, Message: msg})
	}
	for _, s := range stmts {
		add(s.Range, label(s)+" "+why)
	}
	if c.pol.Attr != nil {
		add(c.pol.Attr.Range, "the key policy")
		for _, src := range c.pol.Sources {
			add(src.Header, "the policy document "+src.Address)
		}
	}
	add(c.key.Header, "the key "+c.key.Address)
	return out
}
