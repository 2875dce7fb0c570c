// title: Laws cited where they do not apply
// description: Laws (or provisions of them) that a region's guidance cites although the law does not extend to that region's jurisdiction (e.g. an England-and-Wales Act in Scottish guidance), with the sentence and section. The jurisdiction is the region's, or else the document's.
// param: region (string, optional): a region id or name; all regions when omitted
// example: skg query jurisdiction-mismatch
MATCH (r:Region)<-[:COVERS]-(d:Document)-[:HAS_SECTION]->(s:Section)-[m:MENTIONS]->(n)
WHERE (n:Law OR n:Provision)
  AND ($region IS NULL OR r.id = $region OR r.id = 'region:' + $region OR toLower(r.name) = toLower($region))
OPTIONAL MATCH (n)-[:PART_OF]->(parent:Law)
WITH r, d, s, m, n, CASE WHEN n:Law THEN n ELSE parent END AS law,
     CASE WHEN r.jurisdiction IS NOT NULL THEN [r.jurisdiction] ELSE coalesce(d.jurisdiction, []) END AS jurisdictions
WHERE law IS NOT NULL AND size(coalesce(law.extent, [])) > 0 AND size(jurisdictions) > 0
  AND none(j IN jurisdictions WHERE j IN law.extent)
WITH r, d, s, m, n, law, jurisdictions, split(s.text, m.surfaces[0]) AS parts
RETURN r.name AS region, jurisdictions AS jurisdiction, law.title AS law, law.extent AS extent,
       CASE WHEN n:Provision THEN 's.' + n.section ELSE NULL END AS provision, m.surfaces AS cited_as,
       replace(CASE WHEN size(parts) > 1 THEN right(last(split(last(split(parts[0], '. ')), '\n\n')), 240) + m.surfaces[0] + left(head(split(head(split(parts[1], '. ')), '\n\n')), 240) ELSE s.heading END, '\n', ' ') AS evidence,
       d.title AS document, coalesce(s.number + ' ', '') + s.heading AS section, law.id AS law_id,
       r.id AS region_id
ORDER BY region, law, provision
