-- Written by hand (a storage parameter, which the Prisma schema does not describe): no parallel scans
-- of ListEntry. Moves in a ranked list rewrite every entry they shift, so a list-heavy table grows
-- well beyond its live rows between vacuums; PostgreSQL then read a list's entries with a parallel
-- sequential scan, whose workers took the cores the API needs: on the 2-core machine of
-- bench/lists.mjs, `list show` of a 500-entry list took 54–59 ms with them and 20–23 ms without, of a
-- 5,000-entry list 195–199 ms and 153–181 ms. A list is read by its (listId, position) index or one
-- serial scan.
ALTER TABLE "ListEntry" SET (parallel_workers = 0);
