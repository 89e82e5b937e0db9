namespace X; class Placeholder {}
