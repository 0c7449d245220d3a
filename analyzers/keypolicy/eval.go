package keypolicy

import (
	"fmt"
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
	needs  []*need
	edsKey bool
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
	c.acct = holeOr(r.Account, graph.DomainAccount, "account of "+r.Address)
	base := "arn:" + part + ":cloudtrail:" + region + ":" + c.acct + ":"
	ctx := map[string][]string{
		"aws:SourceAccount":         {c.acct},
		"aws:PrincipalServiceName":  {cloudtrail},
		"aws:PrincipalIsAWSService": {"true"},
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
		n.result = c.pol.Doc.Evaluate(req)
		if n.result.Decision == policy.Allowed {
			// The rules read only the granting statements of an allowed
			// request; dropping the verdicts keeps a run over thousands of
			// trails from holding every one of them to the end.
			n.result = policy.Result{Decision: policy.Allowed, Allowed: n.result.Allowed}
		}
	}
	return c
}

// deliveryContext adds what a log file delivery carries: CloudTrail has S3
// write the file with SSE-KMS, so S3 asks KMS for the data key on its behalf
// (kms:ViaService), with an encryption context of the trail's ARN and the
// log file's object ARN ("How AWS CloudTrail uses AWS KMS").
func deliveryContext(ctx map[string][]string, trailARN, objectARN, via string) map[string][]string {
	out := make(map[string][]string, len(ctx)+4)
	for k, v := range ctx {
		out[k] = v
	}
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

// trailWord names the resource for messages.
func trailWord(r *graph.Resource) string {
	if r.Kind == graph.KindEventDataStore {
		return "event data store " + r.Address
	}
	return "trail " + r.Address
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
