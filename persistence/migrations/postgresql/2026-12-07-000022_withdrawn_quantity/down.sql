ALTER TABLE resources DROP COLUMN withdrawn_quantity;
