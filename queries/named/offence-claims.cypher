// title: Harms the guidance calls illegal without naming a law
// description: Per region, each harm a document says is illegal ("is a crime", "punishable by law") in a passage that cites no statute: an offence claimed, no law cited. These are not harm-to-law links, so the harm can still appear in harms-without-offence.
// param: region (string, optional): a region id or name; all regions when omitted
// example: skg query offence-claims --param region=Kingston
MATCH (r:Region)<-[:COVERS]-(d:Document)-[:HAS_SECTION]->(s:Section)-[c:CLAIMS_OFFENCE]->(h:Harm)
WHERE $region IS NULL OR r.id = $region OR r.id = 'region:' + $region OR toLower(r.name) = toLower($region)
RETURN r.name AS region, h.name AS harm, d.title AS document, c.evidence AS evidence,
       coalesce(s.number + ' ', '') + s.heading AS section, r.id AS region_id, h.id AS harm_id,
       d.id AS document_id
ORDER BY region, harm, document
