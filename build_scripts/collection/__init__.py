"""The annual collection: reporting templates sent to each LSG (`report_template`) and the
import of the filled-in templates they return (`report_import`)."""
