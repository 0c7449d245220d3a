package policy

import (
	"strings"

	"github.com/trailint/trailint/graph"
)

// Principal is who makes a simulated request: a service, or an IAM
// principal given by its ARN. Strings may contain holes.
type Principal struct {
	Service string // "cloudtrail.amazonaws.com"
	AWS     string // "arn:aws:iam::123456789012:role/R", or an account's root
	// Account is the IAM principal's account; when empty it is read from
	// the AWS ARN.
	Account string
}

func (p Principal) String() string {
	switch {
	case p.Service != "":
		return graph.Display(p.Service)
	case p.AWS != "":
		return graph.Display(p.AWS)
	}
	return "an unknown principal"
}

// account returns the IAM principal's account, "" when unknown.
func (p Principal) account() string {
	if p.Account != "" {
		return p.Account
	}
	if isAccountID(p.AWS) {
		return p.AWS
	}
	if f := arnFields(p.AWS); len(f) >= 6 && f[0] == "arn" {
		return f[4]
	}
	return ""
}

// arnFields splits s at the colons of its literal text; holes stay whole
// inside their field (their origins, such as AWS::AccountId, may contain
// colons of their own).
func arnFields(s string) []string {
	if !graph.HasHoles(s) {
		return strings.Split(s, ":")
	}
	var fields []string
	var cur strings.Builder
	for _, seg := range graph.Segments(s) {
		if seg.Hole != nil {
			cur.WriteString(graph.Hole(seg.Hole.Domain, seg.Hole.Origin))
			continue
		}
		for i, part := range strings.Split(seg.Text, ":") {
			if i > 0 {
				fields = append(fields, cur.String())
				cur.Reset()
			}
			cur.WriteString(part)
		}
	}
	return append(fields, cur.String())
}

// isAccountID reports whether s is twelve digits or a hole that stands for
// an account id.
func isAccountID(s string) bool {
	if graph.HasHoles(s) {
		h, ok := graph.WholeHole(s)
		return ok && h.Domain == graph.DomainAccount
	}
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// rootAccount returns the account of an `arn:PARTITION:iam::ACCOUNT:root`
// entry or of a bare account id: entries that stand for every IAM principal
// of the account.
func rootAccount(e string) (string, bool) {
	if isAccountID(e) {
		return e, true
	}
	f := arnFields(e)
	if len(f) == 6 && f[0] == "arn" && f[2] == "iam" && f[3] == "" && f[5] == "root" {
		return f[4], true
	}
	return "", false
}

// match says whether the element names the requesting principal.
func (ps *Principals) match(req Principal, m *Meter) Tri {
	if ps.Why != "" {
		return Maybe
	}
	if ps.All {
		return Yes
	}
	t := No
	for _, e := range ps.AWS {
		t = Or(t, awsEntry(e, req, m))
	}
	if req.Service != "" {
		for _, e := range ps.Service {
			t = Or(t, match(e, req.Service, graph.MatchOptions{IgnoreCase: true}, nil, m))
		}
	}
	if req.Service == "" && req.AWS == "" {
		// Nothing is known of the caller, except that "*" takes anyone.
		return Or(t, Maybe)
	}
	return t
}

// awsEntry matches one entry of an AWS principal list. "*" takes everyone,
// services included (AWS documents {"AWS": "*"} as equal to "*"); an account
// or its root takes every IAM principal of the account but no service.
func awsEntry(e string, req Principal, m *Meter) Tri {
	t := match(e, "*", graph.MatchOptions{}, nil, m)
	if req.Service != "" || t == Yes {
		return t
	}
	if acct, ok := rootAccount(e); ok {
		reqAcct := req.account()
		if reqAcct == "" {
			return Or(t, Maybe)
		}
		return Or(t, match(acct, reqAcct, graph.MatchOptions{}, nil, m))
	}
	return Or(t, match(e, req.AWS, graph.MatchOptions{}, nil, m))
}

// exempts says whether a NotPrincipal element spares the requesting
// principal. It is stricter than match: AWS spares an IAM user or role only
// when both its own ARN and its account are listed, and an account root
// entry spares the root user alone, not the account's roles.
func (ps *Principals) exempts(req Principal, m *Meter) Tri {
	if ps.Why != "" {
		return Maybe
	}
	if ps.All {
		return Yes
	}
	t := No
	for _, e := range ps.AWS {
		t = Or(t, match(e, "*", graph.MatchOptions{}, nil, m))
	}
	if req.Service != "" {
		for _, e := range ps.Service {
			t = Or(t, match(e, req.Service, graph.MatchOptions{IgnoreCase: true}, nil, m))
		}
		return t
	}
	if req.AWS == "" {
		return Or(t, Maybe)
	}
	self, acct := No, No
	reqAcct := req.account()
	for _, e := range ps.AWS {
		self = Or(self, match(e, req.AWS, graph.MatchOptions{}, nil, m))
		if a, ok := rootAccount(e); ok {
			if reqAcct == "" {
				acct = Or(acct, Maybe)
			} else {
				acct = Or(acct, match(a, reqAcct, graph.MatchOptions{}, nil, m))
			}
		}
	}
	if _, root := rootAccount(req.AWS); root {
		return Or(t, self)
	}
	return Or(t, And(self, acct))
}

// PrincipalIsService says whether the statement's Principal names the
// service, directly or as "*" / {"AWS": "*"}. A statement without a
// Principal answers No. The matching is charged to m.
func (s *Statement) PrincipalIsService(name string, m *Meter) Tri {
	if s.Principal == nil {
		return No
	}
	defer m.flush()
	return s.Principal.match(Principal{Service: name}, m)
}

// IsAccountRootOnly reports whether every principal of the statement is an
// account root (arn:aws:iam::X:root, X possibly unknown) or a bare account
// id: the statement delegates to IAM policies of those accounts.
func (s *Statement) IsAccountRootOnly() bool {
	p := s.Principal
	if p == nil || p.Why != "" || p.All || len(p.AWS) == 0 ||
		len(p.Service)+len(p.Federated)+len(p.CanonicalUser) > 0 {
		return false
	}
	for _, e := range p.AWS {
		acct, ok := rootAccount(e)
		if !ok {
			return false
		}
		if !isAccountID(acct) && !graph.HasHoles(acct) {
			return false
		}
	}
	return true
}
