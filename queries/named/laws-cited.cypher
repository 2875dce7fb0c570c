// title: Laws and provisions each region cites
// description: Per region, every law its guidance cites and the provisions (sections) of it, how the text names it, whether it uses an outdated name (a bill since enacted, a renamed body) and whether the law does not extend to the region's jurisdiction (see jurisdiction-mismatch).
// param: region (string, optional): a region id or name; all regions when omitted
// example: skg query laws-cited --param region="Kingston upon Thames"
MATCH (r:Region)<-[:COVERS]-(d:Document)-[:HAS_SECTION]->(s:Section)-[m:MENTIONS]->(n)
WHERE (n:Law OR n:Provision)
  AND ($region IS NULL OR r.id = $region OR r.id = 'region:' + $region OR toLower(r.name) = toLower($region))
OPTIONAL MATCH (n)-[:PART_OF]->(parent:Law)
WITH r, d, m, CASE WHEN n:Law THEN n ELSE parent END AS law,
     CASE WHEN n:Provision THEN n.section ELSE NULL END AS provision,
     CASE WHEN r.jurisdiction IS NOT NULL THEN [r.jurisdiction] ELSE coalesce(d.jurisdiction, []) END AS jurisdictions
WHERE law IS NOT NULL
WITH r, law, collect(DISTINCT provision) AS provisions, collect(m.surfaces) AS surface_lists,
     max(CASE WHEN m.outdated_name = true THEN 1 ELSE 0 END) AS outdated,
     collect(DISTINCT d.title) AS documents,
     max(CASE WHEN size(coalesce(law.extent, [])) > 0 AND size(jurisdictions) > 0
              AND none(j IN jurisdictions WHERE j IN law.extent) THEN 1 ELSE 0 END) AS mismatch
RETURN r.name AS region, law.title AS law, law.year AS year, provisions,
       reduce(acc = [], l IN surface_lists | acc + [x IN coalesce(l, []) WHERE NOT x IN acc]) AS cited_as,
       outdated = 1 AS outdated_name, mismatch = 1 AS jurisdiction_mismatch, documents,
       law.id AS law_id, r.id AS region_id
ORDER BY region, law
