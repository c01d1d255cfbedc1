# Materialise the standard triples that normgraph's qualified forms imply, so that a
# SPARQL user can ask with W3C vocabularies alone (org:memberOf, org:hasMember,
# prov:wasDerivedFrom, dcterms:isPartOf, rdfs:label, super-classes...).
# Runs once after loading, in this order; every step is idempotent. Then the RDFS
# closures of the loaded ontologies (super-properties, super-classes) are added by
# rdfs-subproperty.ru and rdfs-subclasses.ru, one property or class at a time
# (normgraph.store.materialise).
# Parameters: none.

PREFIX ng:      <https://w3id.org/normgraph/ontology#>
PREFIX rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX org:     <http://www.w3.org/ns/org#>
PREFIX prov:    <http://www.w3.org/ns/prov#>
PREFIX time:    <http://www.w3.org/2006/time#>

# ORG: a membership implies the direct memberOf / hasMember shortcuts.
INSERT { ?member org:memberOf ?process . ?process org:hasMember ?member . }
WHERE  { ?m org:member ?member ; org:organization ?process . } ;

# Membership intervals: the OWL-Time dates, copied to ng:startDate / ng:endDate.
INSERT { ?m ng:startDate ?start }
WHERE  { ?m org:memberDuring/time:hasBeginning/(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear) ?start } ;
INSERT { ?m ng:endDate ?end }
WHERE  { ?m org:memberDuring/time:hasEnd/(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear) ?end } ;

# When a membership is known to be in force, for "as of a date" questions: its own
# beginning, else the earliest instant known inside it, else its process's dates.
# Written as one rule per case rather than one COALESCE over OPTIONALs: the same
# triples, but Oxigraph then joins each case directly instead of grouping every
# membership; the process dates are a sub-query so that Oxigraph joins them once rather
# than per membership (together 10x faster on a million triples; tests/test_materialise.py
# checks that the triples are the same). Each case starts from the few dated nodes and
# checks membership with EXISTS, and excludes with MINUS (a hash anti-join) rather than
# a FILTER NOT EXISTS per membership: 20-40% less CPU per rule at a million triples.
# The instants inside an interval are joined from time:inside, which few nodes have,
# rather than walked as a path from every membership (0.14 s less at a million).
INSERT { ?m ng:inForceFrom ?own }
WHERE  { ?m ng:startDate ?own . FILTER EXISTS { ?m a org:Membership ; org:organization ?process } } ;
INSERT { ?m ng:inForceFrom ?earliestInside }
WHERE  {
  { SELECT ?m (MIN(?inside) AS ?earliestInside) WHERE {
      ?interval time:inside ?instant .
      ?instant time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear ?inside .
      ?m org:memberDuring ?interval .
      FILTER EXISTS { ?m a org:Membership }
      FILTER NOT EXISTS { ?m ng:startDate ?own }
    } GROUP BY ?m }
  FILTER EXISTS { ?m org:organization ?process }
} ;
INSERT { ?m ng:inForceFrom ?processStart }
WHERE  {
  ?m a org:Membership ; org:organization ?process .
  { SELECT ?process ?processStart WHERE { ?process ng:startDate ?processStart } }
  MINUS { ?m ng:startDate ?own }
  MINUS {
    ?interval time:inside ?instant .
    ?instant time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear ?inside .
    ?m org:memberDuring ?interval
  }
} ;
INSERT { ?m ng:inForceUntil ?own }
WHERE  { ?m ng:endDate ?own . FILTER EXISTS { ?m a org:Membership ; org:organization ?process } } ;
INSERT { ?m ng:inForceUntil ?processEnd }
WHERE  {
  ?m a org:Membership ; org:organization ?process .
  { SELECT ?process ?processEnd WHERE { ?process ng:endDate ?processEnd } }
  MINUS { ?m ng:endDate ?own }
} ;

# PROV: a qualified derivation implies prov:wasDerivedFrom.
INSERT { ?norm prov:wasDerivedFrom ?earlier }
WHERE  { ?norm prov:qualifiedDerivation/prov:entity ?earlier } ;

# Process relations: the qualified form implies the direct triple; competesWith and
# contradicts are symmetric.
INSERT { ?subject ?property ?object }
WHERE  { ?r ng:relationSubject ?subject ; ng:relationProperty ?property ; ng:relationObject ?object } ;
INSERT { ?b ng:competesWith ?a }
WHERE  { ?a ng:competesWith ?b } ;
INSERT { ?b ng:contradicts ?a }
WHERE  { ?a ng:contradicts ?b } ;

# Norm conflicts: the qualified form implies the direct, symmetric ng:conflictsWith.
INSERT { ?a ng:conflictsWith ?b }
WHERE  { ?c ng:conflictingNorm ?a , ?b . FILTER(?a != ?b) } ;

# Norms: the process a norm belongs to, through its scheme.
INSERT { ?norm ng:normOf ?process }
WHERE  { ?norm skos:inScheme/ng:setBy ?process } ;

# SKOS declares skos:prefLabel a sub-property of rdfs:label.
INSERT { ?s rdfs:label ?label }
WHERE  { ?s skos:prefLabel ?label } ;

# RDFS: instances of an anonymous class (a blank node, such as an OWL restriction) with
# named super-classes; the named classes are done one at a time after these rules.
INSERT { ?s a ?super }
WHERE  { ?class rdfs:subClassOf+ ?super . FILTER(isBlank(?class) && isIRI(?super)) ?s a ?class }
