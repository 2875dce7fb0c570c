// title: Agencies and contact points per region
// description: Per region, one row per agency its guidance names (a local body under its own name), with the agency's contact points the guidance gives (phone numbers, web addresses, e-mail) and the label the document puts on each ("Children", "Adults"), and the documents and sections they come from. Contact points no agency owns are listed under "(unattributed)".
// param: region (string, optional): a region id or name; all regions when omitted
// example: skg query region-contacts --param region=Dudley
MATCH (r:Region)<-[:COVERS]-(d:Document)-[:HAS_SECTION]->(s:Section)-[m:MENTIONS]->(n)
WHERE (n:Agency OR n:ContactPoint)
  AND ($region IS NULL OR r.id = $region OR toLower(r.name) = toLower($region))
OPTIONAL MATCH (n)-[:BELONGS_TO]->(owner:Agency)
WITH r, d, s, CASE WHEN n:Agency THEN n ELSE owner END AS agency,
     CASE WHEN n:ContactPoint THEN n ELSE NULL END AS contact
WITH r, agency, collect(DISTINCT d.title) AS documents, collect(DISTINCT s.heading) AS sections,
     collect(DISTINCT contact) AS contacts
RETURN r.name AS region, coalesce(agency.name, '(unattributed)') AS agency, agency.kind AS agency_kind,
       [c IN contacts | {kind: c.kind, value: c.value, display: c.display,
                         label: coalesce(c.label, c.name), id: c.id}] AS contacts,
       documents, sections, agency.id AS agency_id, r.id AS region_id
ORDER BY region, agency
