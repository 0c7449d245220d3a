package graph

import (
	"slices"
	"unicode/utf8"

	"github.com/trailint/trailint/internal/partition"
)

// What AWS lets a hole of each domain stand for is written once, below, as
// the automaton the matcher splices in where the hole stands. What other
// packages ask of a domain (whether a text is one of its values, the
// fewest characters it has, whether a character may occur in it) is read
// off the same automaton, so that no two answers disagree.
//
//	DomainAccount    [0-9]{12}
//	DomainRegion     [a-z]+(-[a-z]+)+-[0-9]+   (us-east-1, us-gov-west-1, eusc-de-east-1)
//	DomainPartition  one of internal/partition's partitions
//	DomainName       [^/:]+
//	DomainTrailName  [A-Za-z0-9._-]{3,}        (CloudTrail's names are 3 to 128 characters)
//	DomainAny        any text, the empty one included; so is a domain not listed here

// domain appends the language of a hole of d after cur.
func (n *nfa) domain(cur int32, d Domain) int32 {
	switch d {
	case DomainAccount:
		return n.run(cur, class{kind: cDigit}, 12)
	case DomainRegion:
		lower, dash := class{kind: cLower}, class{kind: cExact, r: '-'}
		area := n.chain(cur, lower)
		word := n.add()
		n.edge(area, dash, word)
		words := n.chain(word, lower)
		n.edge(words, dash, word) // another word
		number := n.add()
		n.edge(words, dash, number)
		return n.chain(number, class{kind: cDigit})
	case DomainPartition:
		end := n.add()
		// The trie's nodes after its start are states first, first+1, ...
		first := int32(len(n.edges))
		for range partitionTrie[1:] {
			n.add()
		}
		state := func(i int) int32 {
			if i == 0 {
				return cur
			}
			return first + int32(i-1)
		}
		for i, node := range partitionTrie {
			if node.end {
				n.eps[state(i)] = append(n.eps[state(i)], end)
			}
			for _, c := range node.next {
				n.edge(state(i), class{kind: cExact, r: c.r}, state(c.to))
			}
		}
		return end
	case DomainName:
		return n.chain(cur, class{kind: cName})
	case DomainTrailName:
		c := class{kind: cTrailName}
		return n.chain(n.run(cur, c, 2), c)
	}
	return n.loop(cur, class{kind: cAny})
}

// partitionTrie spells the partitions, their common prefixes once: its
// first node is the start, and a partition ends at each node marked end.
var partitionTrie = func() []trieNode {
	trie := []trieNode{{}}
	for _, p := range partition.All {
		at := 0
	letters:
		for _, r := range p.ID {
			for _, c := range trie[at].next {
				if c.r == r {
					at = c.to
					continue letters
				}
			}
			trie = append(trie, trieNode{})
			trie[at].next = append(trie[at].next, trieEdge{r, len(trie) - 1})
			at = len(trie) - 1
		}
		trie[at].end = true
	}
	return trie
}()

type trieNode struct {
	next []trieEdge
	end  bool
}

type trieEdge struct {
	r  rune
	to int
}

// domainFacts is what is read off one domain's automaton.
type domainFacts struct {
	lang    nfa
	minLen  int
	classes []class // the classes of its edges, each once
	// colon and wildcard say whether ':' and `*` or `?` may occur: the
	// matcher asks at every step.
	colon, wildcard bool
}

// domainTable has the facts of every domain byte; those of no domain are
// DomainAny's.
var domainTable = func() *[256]*domainFacts {
	var t [256]*domainFacts
	for _, d := range []Domain{DomainAny, DomainAccount, DomainRegion, DomainPartition, DomainName, DomainTrailName} {
		f := &domainFacts{}
		f.lang.end = f.lang.domain(f.lang.add(), d)
		f.minLen = f.lang.shortest()
		for _, es := range f.lang.edges {
			for _, e := range es {
				if !slices.Contains(f.classes, e.c) {
					f.classes = append(f.classes, e.c)
				}
			}
		}
		t[d] = f
		f.colon, f.wildcard = f.mayHold(':'), f.mayHold('*') || f.mayHold('?')
	}
	for i := range t {
		if t[i] == nil {
			t[i] = t[DomainAny]
		}
	}
	return &t
}()

func (d Domain) facts() *domainFacts { return domainTable[d] }

// Contains reports whether s is one of the texts a hole of d stands for.
func (d Domain) Contains(s string) bool { return d.facts().lang.accepts(s) }

// MinLen is the fewest characters (code points) a hole of d stands for.
func (d Domain) MinLen() int { return d.facts().minLen }

// MayHold reports whether r may occur in the text of a hole of d.
func (d Domain) MayHold(r rune) bool { return d.facts().mayHold(r) }

func (f *domainFacts) mayHold(r rune) bool {
	for _, c := range f.classes {
		if c.has(r) {
			return true
		}
	}
	return false
}

// MinLen is the fewest characters (code points) s may have, each hole
// standing for the shortest text of its domain.
func MinLen(s string) int {
	if !HasHoles(s) {
		return utf8.RuneCountInString(s)
	}
	return segmentsMinLen(Segments(s))
}
