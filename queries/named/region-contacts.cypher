// title: Agencies and contact points per region
// description: Per region, the agencies and contact points (phone numbers, web addresses, e-mail) its guidance names, with the agency a contact belongs to and the document and sections it comes from.
// param: region (string, optional): a region id or name; all regions when omitted
// example: skg query region-contacts --param region=Dudley
MATCH (r:Region)<-[:COVERS]-(d:Document)-[:HAS_SECTION]->(s:Section)-[m:MENTIONS]->(n)
WHERE (n:Agency OR n:ContactPoint)
  AND ($region IS NULL OR r.id = $region OR r.id = 'region:' + $region OR toLower(r.name) = toLower($region))
OPTIONAL MATCH (n)-[:BELONGS_TO]->(owner:Agency)
WITH r, d, n, owner, collect(DISTINCT s.heading) AS sections, toInteger(sum(coalesce(m.count, 1))) AS mentions
RETURN r.name AS region,
       CASE WHEN n:Agency THEN n.name ELSE owner.name END AS agency,
       CASE WHEN n:ContactPoint THEN n.kind ELSE 'agency' END AS kind,
       CASE WHEN n:ContactPoint THEN n.value ELSE NULL END AS contact,
       d.title AS document, sections, mentions, n.id AS id, r.id AS region_id, d.id AS document_id
ORDER BY region, agency, kind, contact
