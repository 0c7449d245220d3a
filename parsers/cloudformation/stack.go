package cloudformation

import (
	"fmt"
	"strings"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/partition"
)

// stack is one evaluation of a template: standalone, or nested under a
// parent stack that passes its parameters.
type stack struct {
	l      *loader
	t      *template
	parent *stack
	// via is the parent's AWS::CloudFormation::Stack resource; passed its
	// Parameters property.
	via    *resDecl
	passed *node
	calls  []graph.Range
	suffix string // keeps resource IDs unique when a template is nested twice
	order  int    // the place of the root stack among the candidate files

	// w is the budget of the unit the stack belongs to, shared with the
	// stacks it nests.
	w *work

	params  map[string]*graph.Value
	inParam map[string]bool
	// paramSrc is where computeParam took each parameter's value from.
	paramSrc map[string]paramSource
	conds    map[string]tri
	condWhy  map[string]string // why a condition is undecided, when it is a mistake
	inCond   map[string]bool
	children map[string]*stack // by the logical id of the nesting resource
	// notNested says, by the logical id of a nesting resource, why the
	// stack it names was not evaluated here.
	notNested map[string]string
	building  map[string]bool // resources whose name is being evaluated
	names     map[string]*graph.Value
	outputs   map[string]*graph.Value
	// memo holds the value of each node evaluated in this stack: a node is
	// reached again through Fn::Sub variables, mappings and parameters, and
	// evaluating it again each time grows exponentially with nesting.
	// memoReady is whether the values were computed with the exports
	// known; those computed before may miss an import and are dropped.
	memo      map[*node]*graph.Value
	memoReady bool
}

func newStack(l *loader, t *template, w *work) *stack {
	return &stack{l: l, t: t, w: w, params: map[string]*graph.Value{}, inParam: map[string]bool{},
		paramSrc: map[string]paramSource{}, conds: map[string]tri{}, condWhy: map[string]string{}, inCond: map[string]bool{},
		children: map[string]*stack{}, notNested: map[string]string{}, building: map[string]bool{}, names: map[string]*graph.Value{},
		outputs: map[string]*graph.Value{}, memo: map[*node]*graph.Value{}}
}

// id is the graph ID of a resource of this stack.
func (s *stack) id(logical string) string { return s.t.file + ":" + logical + s.suffix }

// diag records a problem of evaluation: a value the template's author
// would see fail at deploy time, or that trailint cannot compute. It is
// shown as part of the findings that depend on the value, whose unknowns
// name it too.
func (s *stack) diag(r graph.Range, summary, detail string) {
	s.l.diag(graph.SevError, graph.ClassEval, r, summary, detail)
}

// param returns the value of a declared parameter; ok is false when the
// template declares no such parameter.
func (s *stack) param(name string, at graph.Range) (*graph.Value, bool) {
	decl := s.t.params.get(name)
	if decl == nil {
		return nil, false
	}
	if v, ok := s.params[name]; ok {
		return v, true
	}
	if s.inParam[name] {
		return graph.UnknownValue("parameter "+name+" depends on itself", at), true
	}
	s.inParam[name] = true
	v := s.computeParam(name, decl)
	delete(s.inParam, name)
	// Values computed before exports are collected may miss an import.
	if s.l.exportsReady {
		s.params[name] = v
	}
	return v, true
}

func (s *stack) computeParam(name string, decl *node) *graph.Value {
	typ, _ := decl.get("Type").text()
	declRange := s.t.params.keyOf(name).rng
	var v *graph.Value
	// A value the parent passes that comes out absent (AWS::NoValue) leaves
	// the parameter to the command line or its default, and the account of
	// the value says which gave it.
	s.paramSrc[name] = notParam
	if s.passed != nil && s.passed.get(name) != nil {
		if v = s.parent.eval(s.passed.get(name)); v != nil {
			s.paramSrc[name] = fromParent
		}
	}
	if cli := s.l.cliParams[name]; cli != nil && v == nil {
		v, s.paramSrc[name] = cli, fromCommandLine
		if cli.Range.File != "" {
			s.paramSrc[name] = fromFile
		}
	}
	if def := decl.get("Default"); def != nil && v == nil {
		s.paramSrc[name] = fromDefault
		if strings.HasPrefix(typ, "AWS::SSM::Parameter::Value<") {
			ssm, _ := def.text()
			return graph.UnknownValue(fmt.Sprintf("parameter %s is read from SSM parameter %s (%s) at deploy time", name, ssm, typ), def.rng)
		}
		v = s.eval(def)
	}
	if v == nil {
		return graph.UnknownValue(fmt.Sprintf("parameter %s has no value (pass --parameter %s=...)", name, name), declRange)
	}
	if strings.HasPrefix(typ, "AWS::SSM::Parameter::Value<") {
		return graph.UnknownValue(fmt.Sprintf("parameter %s is read from SSM parameter %s (%s) at deploy time", name, graph.Display(v.Str), typ), v.Range)
	}
	if (typ == "CommaDelimitedList" || strings.HasPrefix(typ, "List<")) && v.Type == graph.String {
		if over := s.fits(int64(len(v.Str)), int64(strings.Count(v.Str, ",")+1), false, v.Range); over != nil {
			return withRefs(over, v)
		}
		list := &graph.Value{Type: graph.List, Range: v.Range, Refs: v.Refs}
		if v.Str != "" {
			for _, e := range strings.Split(v.Str, ",") {
				item := graph.Str(strings.TrimSpace(e), v.Range)
				item.Refs = v.Refs
				list.List = append(list.List, item)
			}
		}
		return list
	}
	return v
}

// pseudo returns the value of a pseudo parameter written at r; ok is false
// for names that are not pseudo parameters. AWS::NoValue is absent: nil.
func (s *stack) pseudo(name string, r graph.Range) (*graph.Value, bool) {
	l := s.l
	switch name {
	case "AWS::AccountId":
		v := graph.Str(accountHole, r)
		v.Why = "the account the stack is deployed in"
		return v, true
	case "AWS::Region":
		if l.opts.Region != "" {
			return graph.Str(l.opts.Region, r), true
		}
		v := graph.Str(regionHole, r)
		v.Why = "the region the stack is deployed in (pass --region)"
		return v, true
	case "AWS::Partition":
		return graph.Str(l.partition, r), true
	case "AWS::URLSuffix":
		return graph.Str(l.urlSuffix, r), true
	case "AWS::StackName":
		if name, ok := l.opts.StackNames[s.t.file]; ok && s.suffix == "" {
			return graph.Str(name, r), true
		}
		// Each template is its own stack: its name is a hole of its own, so
		// that two templates' "${AWS::StackName}-KeyArn" never look equal.
		v := graph.Str(graph.Hole(graph.DomainName, "AWS::StackName of "+s.t.file), r)
		v.Why = "the name " + s.t.file + " is deployed under (pass --stack-name " + s.t.file + "=NAME)"
		return v, true
	case "AWS::StackId":
		v := graph.Str(graph.Hole(graph.DomainAny, "AWS::StackId"), r)
		v.Why = "the id of the deployed stack"
		return v, true
	case "AWS::NotificationARNs":
		return graph.UnknownValue("the stack's notification ARNs are known at deploy time", r), true
	case "AWS::NoValue":
		return nil, true
	}
	return nil, false
}

var (
	accountHole = graph.Hole(graph.DomainAccount, "AWS::AccountId")
	regionHole  = graph.Hole(graph.DomainRegion, "AWS::Region")
)

// regionText is the stack's region as text: known, or the AWS::Region hole.
func (l *loader) regionText() string {
	if l.opts.Region != "" {
		return l.opts.Region
	}
	return regionHole
}

// partitionOf returns the partition and URL suffix of a region.
func partitionOf(region string) (string, string) {
	p := partition.ForRegion(region)
	return p.ID, p.DNSSuffix
}
