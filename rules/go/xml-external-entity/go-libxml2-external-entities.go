package feed

import (
	"github.com/lestrrat-go/libxml2"
	"github.com/lestrrat-go/libxml2/parser"
)

func parseFeed(body string) error {
	// ruleid: go-libxml2-external-entities
	p := parser.New(parser.XMLParseNoEnt)
	if _, err := p.ParseString(body); err != nil {
		return err
	}
	// ruleid: go-libxml2-external-entities
	_, err := libxml2.ParseString(body, parser.XMLParseDTDLoad|parser.XMLParseNoNet)
	return err
}

func parseStrict(body string) error {
	// ok: go-libxml2-external-entities
	p := parser.New(parser.XMLParseNoNet | parser.XMLParseNoBlanks)
	_, err := p.ParseString(body)
	return err
}
