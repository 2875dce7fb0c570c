// title: Harm coverage by region
// description: Every harm in the taxonomy against every region that has guidance, with the number of that region's documents that mention the harm (0 = a gap). Harms no region mentions appear with 0 everywhere.
// param: region (string, optional): a region id or name; all regions when omitted
// param: category (string, optional): only harms of this category, e.g. "sexual abuse and exploitation"
// pivot: rows=harm columns=region value=documents
// example: skg query harm-coverage --param category="bullying and harassment"
MATCH (r:Region)<-[:COVERS]-(:Document)
WHERE $region IS NULL OR r.id = $region OR r.id = 'region:' + $region OR toLower(r.name) = toLower($region)
WITH DISTINCT r
MATCH (h:Harm)
WHERE $category IS NULL OR toLower(h.category) = toLower($category)
OPTIONAL MATCH (r)<-[:COVERS]-(d:Document)-[:HAS_SECTION]->(:Section)-[:MENTIONS]->(h)
RETURN h.name AS harm, h.category AS category, r.name AS region, count(DISTINCT d) AS documents,
       h.id AS harm_id, r.id AS region_id
ORDER BY category, harm, region
