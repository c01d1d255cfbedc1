# RDFS (rdfs7): every triple with the property $sub also holds with its super-property
# $super. Run once per pair of the closed hierarchy (rdfs-hierarchy.rq).
# Parameters:
#   $sub    iri  the sub-property
#   $super  iri  one of its super-properties
INSERT { ?s $super ?o }
WHERE  { ?s $sub ?o }
