// title: Harms only one region's guidance covers
// description: Harms that the guidance of exactly one partnership mentions (one publisher, which may cover several regions jointly, e.g. Kingston and Richmond): candidates for sharing good practice with the other regions. Joint guidance counts once, so that a harm only a joint document covers is still unique.
// example: skg query unique-coverage
MATCH (r:Region)<-[:COVERS]-(d:Document)-[:HAS_SECTION]->(s:Section)-[:MENTIONS]->(h:Harm)
WITH h, collect(DISTINCT coalesce(d.publisher, d.id)) AS publishers, collect(DISTINCT r.name) AS regions,
     collect(DISTINCT d.title) AS documents, collect(DISTINCT s.heading) AS sections
WHERE size(publishers) = 1
RETURN h.name AS harm, h.category AS category, regions, publishers[0] AS publisher, documents,
       sections, h.id AS harm_id
ORDER BY category, harm
