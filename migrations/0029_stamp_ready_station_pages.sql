-- Every ready station page gets a stamp of its own (new with each row the refill writes), so the
-- HTML rendered from a row can be checked against it.
UPDATE `station_page` SET `stamp` = lower(hex(randomblob(8)));
