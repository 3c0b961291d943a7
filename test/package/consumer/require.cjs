require('./exercise.cjs')(require('tcp-statechart'), require('tcp-statechart/machine'), require('tcp-statechart/mbt'));
